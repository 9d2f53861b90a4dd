package dev.tradeloom.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * An S3-compatible server (S3Proxy) keeping objects as files under a directory, so uploaded images
 * survive restarts. Requests are signed as against S3 or MinIO.
 */
final class EmbeddedS3 implements AutoCloseable {
    static final String ACCESS_KEY = "tradeloom";
    static final String SECRET_KEY = "tradeloom-local-secret";

    private final S3Proxy proxy;
    private final Path directory;

    private EmbeddedS3(S3Proxy proxy, Path directory) {
        this.proxy = proxy;
        this.directory = directory;
    }

    static EmbeddedS3 start(Path directory, int port) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
        final Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toString());
        final S3Proxy proxy = S3Proxy.builder()
                                     .blobStore(BlobStores.create("filesystem", properties))
                                     .endpoint(URI.create("http://127.0.0.1:" + port))
                                     .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                                     .build();
        try {
            proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded S3 server on port " + port, e);
        }
        return new EmbeddedS3(proxy, directory);
    }

    String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    Path directory() {
        return directory;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the embedded S3 server", e);
        }
    }
}
