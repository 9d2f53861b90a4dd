package dev.tradeloom.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tradeloom.platform.crypto.SecretBox;

/** The launcher's key is drawn once and read back on every later run, so local data keeps opening. */
class LocalSecretKeyTest {
    @TempDir
    Path home;

    @Test
    void theFirstRunDrawsAKey_andLaterRunsReadTheSame_keptFromOtherUsers() throws Exception {
        final Path file = home.resolve("fresh").resolve("account-secret-key");
        final String first = LocalSecretKey.readOrCreate(file);

        assertThat(SecretBox.fromBase64("ACCOUNT_SECRET_KEY", first)).isNotNull();
        assertThat(LocalSecretKey.readOrCreate(file)).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(home.resolve("fresh")).isDirectoryNotContaining(p -> p.toString().endsWith(".new"));
    }
}
