package dev.tradeloom.platform.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tradeloom.platform.db.DatabaseConfig;

/**
 * A TCP proxy on the loopback interface that can black-hole the connections it carries, as a NAT or a load
 * balancer that dropped their state without a reset does: the bytes either side sends are taken and dropped,
 * and neither side hears that the connection is gone. Connections opened afterwards are carried again.
 */
public final class BlackHoleProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();

    private BlackHoleProxy(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
    }

    /** Starts a proxy to {@code targetPort} on the loopback interface. */
    public static BlackHoleProxy to(int targetPort) {
        final BlackHoleProxy proxy;
        try {
            proxy = new BlackHoleProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon("proxy-accept", proxy::accept).start();
        return proxy;
    }

    /** {@code config} with its URL's port replaced by this proxy's, so that its connections pass here. */
    public DatabaseConfig carrying(DatabaseConfig config) {
        final String url = config.jdbcUrl().replace(":" + targetPort + '/', ":" + server.getLocalPort() + '/');
        if (url.equals(config.jdbcUrl())) {
            throw new IllegalArgumentException("jdbcUrl: " + config.jdbcUrl() + " (expected: port " + targetPort
                                               + ')');
        }
        return new DatabaseConfig(url, config.user(), config.password(), config.migrationUser(),
                                  config.migrationPassword(), config.poolSize(), config.connectionTimeout());
    }

    /** Black-holes every connection open now. */
    public void blackHoleOpenConnections() {
        links.forEach(link -> link.blackHoled = true);
    }

    @Override
    public void close() {
        closeQuietly(server);
        links.forEach(Link::close);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                final Socket client = server.accept();
                final Link link = new Link(client, new Socket(InetAddress.getLoopbackAddress(), targetPort));
                links.add(link);
                daemon("proxy-up", () -> link.pump(link.client, link.target)).start();
                daemon("proxy-down", () -> link.pump(link.target, link.client)).start();
            } catch (IOException e) {
                // Closed, or the target refused: the client sees its connection end.
            }
        }
    }

    /** One client connection and the proxy's connection to the target for it. */
    private static final class Link {
        final Socket client;
        final Socket target;
        volatile boolean blackHoled;

        Link(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        /** Copies {@code from} to {@code to} until either ends; once black-holed, reads and drops. */
        void pump(Socket from, Socket to) {
            final byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    if (!blackHoled) {
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // One side went away; the other is closed below, as a proxy would.
            } finally {
                close();
            }
        }

        void close() {
            closeQuietly(client);
            closeQuietly(target);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Closing is all that is left to do.
        }
    }

    private static Thread daemon(String name, Runnable task) {
        final Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
