package dev.tradeloom.platform.storage;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A bucket of an S3-compatible store: put, read, head, copy and delete objects, and presigned URLs for
 * browsers. Path-style addressing, so MinIO and embedded servers work without DNS tricks.
 */
public final class ObjectStore implements AutoCloseable {
    private final StorageConfig config;
    private final S3Client s3;
    private final S3Presigner presigner;

    private ObjectStore(StorageConfig config, S3Client s3, S3Presigner presigner) {
        this.config = config;
        this.s3 = s3;
        this.presigner = presigner;
    }

    /** Connects to the store and creates the bucket if it does not exist yet. */
    public static ObjectStore start(StorageConfig config) {
        requireNonNull(config, "config");
        final S3Configuration pathStyle = S3Configuration.builder().pathStyleAccessEnabled(true).build();
        final Region region = Region.of(config.region());
        final AwsCredentialsProvider credentials = credentials(config);
        final var client = S3Client.builder()
                                   .httpClientBuilder(UrlConnectionHttpClient.builder())
                                   .region(region)
                                   .credentialsProvider(credentials)
                                   .serviceConfiguration(pathStyle)
                                   // Checksums only where S3 requires them: S3-compatible servers differ.
                                   .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                                   .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        final var presigner = S3Presigner.builder()
                                         .region(region)
                                         .credentialsProvider(credentials)
                                         .serviceConfiguration(pathStyle);
        if (!config.endpoint().isEmpty()) {
            client.endpointOverride(URI.create(config.endpoint()));
            presigner.endpointOverride(URI.create(config.endpoint()));
        }
        final ObjectStore store = new ObjectStore(config, client.build(), presigner.build());
        store.ensureBucket();
        return store;
    }

    private static AwsCredentialsProvider credentials(StorageConfig config) {
        if (config.accessKey().isEmpty()) {
            return config.endpoint().isEmpty() ? DefaultCredentialsProvider.builder().build()
                                               : AnonymousCredentialsProvider.create();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(),
                                                                           config.secretKey()));
    }

    private void ensureBucket() {
        try {
            s3.headBucket(b -> b.bucket(config.bucket()));
        } catch (NoSuchBucketException e) {
            s3.createBucket(b -> b.bucket(config.bucket()));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            s3.createBucket(b -> b.bucket(config.bucket()));
        }
    }

    public StorageConfig config() {
        return config;
    }

    /** Stores {@code bytes} under {@code key}, replacing any object there. */
    public void put(String key, byte[] bytes, String contentType) {
        requireNonNull(key, "key");
        requireNonNull(bytes, "bytes");
        requireNonNull(contentType, "contentType");
        s3.putObject(b -> b.bucket(config.bucket()).key(key).contentType(contentType),
                     RequestBody.fromBytes(bytes));
    }

    /** The object's size and content type, or empty when there is no object under {@code key}. */
    public Optional<ObjectInfo> head(String key) {
        requireNonNull(key, "key");
        try {
            final HeadObjectResponse head = s3.headObject(b -> b.bucket(config.bucket()).key(key));
            final String type = head.contentType() == null ? "" : head.contentType();
            return Optional.of(new ObjectInfo(key, head.contentLength(), type, head.eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The whole object, or empty when there is none. */
    public Optional<byte[]> get(String key) {
        requireNonNull(key, "key");
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(config.bucket()).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** Up to the first {@code length} bytes of the object, or empty when there is none. */
    public Optional<byte[]> readHead(String key, int length) {
        requireNonNull(key, "key");
        return readFirst(key, length, null);
    }

    /**
     * Up to the first {@code length} bytes of the version {@code etag} of the object (as {@link #head}
     * named it), or empty when there is no object or it is no longer that version.
     */
    public Optional<byte[]> readHead(String key, int length, String etag) {
        requireNonNull(key, "key");
        requireNonNull(etag, "etag");
        return readFirst(key, length, etag);
    }

    private Optional<byte[]> readFirst(String key, int length, @Nullable String etag) {
        if (length <= 0) {
            throw new IllegalArgumentException("length: " + length + " (expected: > 0)");
        }
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(config.bucket()).key(key).ifMatch(etag)
                                                         .range("bytes=0-" + (length - 1)))
                                 .asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            // 416: the object is empty, so it has no first byte to return.
            if (e.statusCode() == 416) {
                return Optional.of(new byte[0]);
            }
            if (e.statusCode() == 404 || e.statusCode() == 412) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Copies the version {@code etag} of the object under {@code source} (as {@link #head} named it) to
     * {@code target}, replacing any object there, stored as {@code contentType} and with none of the
     * source's other metadata. False, copying nothing, when there is no object under {@code source} or
     * it is no longer that version.
     */
    public boolean copy(String source, String target, String etag, String contentType) {
        requireNonNull(source, "source");
        requireNonNull(target, "target");
        requireNonNull(etag, "etag");
        requireNonNull(contentType, "contentType");
        try {
            s3.copyObject(b -> b.sourceBucket(config.bucket()).sourceKey(source).copySourceIfMatch(etag)
                                .destinationBucket(config.bucket()).destinationKey(target)
                                .metadataDirective(MetadataDirective.REPLACE).contentType(contentType));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404 || e.statusCode() == 412) {
                return false;
            }
            throw e;
        }
    }

    /** Deletes the object; deleting a missing object is not an error. */
    public void delete(String key) {
        requireNonNull(key, "key");
        s3.deleteObject(b -> b.bucket(config.bucket()).key(key));
    }

    /**
     * A URL to which a browser may {@code PUT} the object's bytes until the upload TTL runs out. The
     * signature covers {@code contentType}: the upload must send exactly that {@code Content-Type}.
     */
    public URI presignPut(String key, String contentType) {
        requireNonNull(key, "key");
        requireNonNull(contentType, "contentType");
        return URI.create(presigner.presignPutObject(
                p -> p.signatureDuration(config.uploadTtl())
                      .putObjectRequest(o -> o.bucket(config.bucket()).key(key).contentType(contentType)))
                                   .url().toString());
    }

    /** A URL from which anyone may {@code GET} the object until the download TTL runs out. */
    public URI presignGet(String key) {
        requireNonNull(key, "key");
        return URI.create(presigner.presignGetObject(
                p -> p.signatureDuration(config.downloadTtl())
                      .getObjectRequest(o -> o.bucket(config.bucket()).key(key)))
                                   .url().toString());
    }

    /**
     * Where readers fetch the object: the public/CDN base URL followed by the key when one is configured,
     * else a presigned GET.
     */
    public String readUrl(String key) {
        requireNonNull(key, "key");
        if (!config.publicBaseUrl().isEmpty()) {
            return config.publicBaseUrl() + '/' + key;
        }
        return presignGet(key).toString();
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
    }
}
