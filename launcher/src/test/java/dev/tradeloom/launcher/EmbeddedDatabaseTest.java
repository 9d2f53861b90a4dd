package dev.tradeloom.launcher;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second launcher on the same data is told what is in its way, not only that a lock failed. */
class EmbeddedDatabaseTest {
    @TempDir
    Path home;

    @Test
    void aSecondStartOnTheSameFolder_saysAnotherTradeloomHoldsIt() throws Exception {
        final Path data = home.resolve("postgres");
        try (EmbeddedDatabase first = EmbeddedDatabase.start(data, freePort())) {
            final int port = freePort();
            assertThatThrownBy(() -> EmbeddedDatabase.start(data, port))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Cannot start embedded PostgreSQL in " + data + " on port " + port)
                    .hasMessageContaining("is another Tradeloom running with this TRADELOOM_HOME");
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
