package dev.tradeloom.platform.testing;

import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

import dev.tradeloom.platform.storage.StorageConfig;

/**
 * One in-process S3-compatible server (S3Proxy over a transient blob store) per test JVM, and a fresh
 * bucket name for each caller. Requests are signed with real credentials, as against S3 or MinIO.
 */
public final class TestS3 {
    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret-key";

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3Proxy proxy;

    private TestS3() {}

    /** Settings for a new bucket (created by the store at start) with presigned reads. */
    public static synchronized StorageConfig newBucket() {
        return newBucket("", StorageConfig.DEFAULT_MAX_IMAGE_BYTES);
    }

    /** Settings for a new bucket with the given public base URL (empty: presigned reads) and size limit. */
    public static synchronized StorageConfig newBucket(String publicBaseUrl, int maxImageBytes) {
        final String endpoint = "http://127.0.0.1:" + server().getPort();
        final String bucket = "test-" + ProcessHandle.current().pid() + '-' + BUCKETS.incrementAndGet();
        return new StorageConfig(endpoint, "us-east-1", bucket, ACCESS_KEY, SECRET_KEY, publicBaseUrl,
                                 Duration.ofMinutes(5), Duration.ofMinutes(5), maxImageBytes);
    }

    private static S3Proxy server() {
        if (proxy == null) {
            final S3Proxy started = S3Proxy.builder()
                                           .blobStore(BlobStores.create("transient", new Properties()))
                                           .endpoint(URI.create("http://127.0.0.1:0"))
                                           .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY,
                                                              SECRET_KEY)
                                           .build();
            try {
                started.start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the in-process S3 server", e);
            }
            proxy = started;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.stop();
                } catch (Exception ignored) {
                    // The JVM is exiting; nothing left to clean.
                }
            }));
        }
        return proxy;
    }
}
