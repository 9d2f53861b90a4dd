package dev.tradeloom.platform.testing;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import dev.tradeloom.platform.storage.StorageConfig;

/**
 * One in-process S3-compatible server (S3Proxy over a transient blob store) per test JVM, and a fresh
 * bucket name for each caller. Requests are signed with real credentials, as against S3 or MinIO. A test
 * may have something happen to an object between two requests of the code under test
 * ({@link #afterNextHead}, {@link #afterNextRead}), as another client would do at an unlucky moment.
 */
public final class TestS3 {
    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret-key";

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static final Map<String, Runnable> AFTER_HEAD = new ConcurrentHashMap<>();
    private static final Map<String, Runnable> AFTER_READ = new ConcurrentHashMap<>();
    private static final Set<String> REFUSING_DELETES = ConcurrentHashMap.newKeySet();
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

    /**
     * Runs {@code action} once, right after the server looked up {@code key} of the bucket of {@code config}
     * for the next HEAD of it and before it answers: the answer describes the object as it was.
     */
    public static void afterNextHead(StorageConfig config, String key, Runnable action) {
        AFTER_HEAD.put(config.bucket() + '/' + key, action);
    }

    /**
     * Runs {@code action} once, right after the server opened {@code key} of the bucket of {@code config}
     * for the next GET of it and before it answers: the answer carries the bytes as they were.
     */
    public static void afterNextRead(StorageConfig config, String key, Runnable action) {
        AFTER_READ.put(config.bucket() + '/' + key, action);
    }

    /**
     * While {@code refuse}, the server answers every delete of an object of the bucket of {@code config} with an
     * error, as a store that is down would; the bucket's other requests are served.
     */
    public static void refuseDeletes(StorageConfig config, boolean refuse) {
        if (refuse) {
            REFUSING_DELETES.add(config.bucket());
        } else {
            REFUSING_DELETES.remove(config.bucket());
        }
    }

    private static S3Proxy server() {
        if (proxy == null) {
            final S3Proxy started = S3Proxy.builder()
                                           .blobStore(new Interleaving(BlobStores.create("transient",
                                                                                         new Properties())))
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

    /** Runs the actions armed for an object once its HEAD or GET has been looked up. */
    private static final class Interleaving extends ForwardingBlobStore {
        Interleaving(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
            final HeadObjectResponse response = super.blobMetadata(request);
            run(AFTER_HEAD, request.bucket(), request.key());
            return response;
        }

        @Override
        public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
            final ResponseInputStream<GetObjectResponse> response = super.getBlob(request);
            run(AFTER_READ, request.bucket(), request.key());
            return response;
        }

        @Override
        public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
            if (REFUSING_DELETES.contains(request.bucket())) {
                throw new IllegalStateException("deletes of bucket " + request.bucket() + " are refused");
            }
            return super.removeBlob(request);
        }

        private static void run(Map<String, Runnable> armed, String bucket, String key) {
            final Runnable action = armed.remove(bucket + '/' + key);
            if (action != null) {
                action.run();
            }
        }
    }
}
