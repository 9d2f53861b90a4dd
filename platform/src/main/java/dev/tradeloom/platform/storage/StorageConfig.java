package dev.tradeloom.platform.storage;

import java.time.Duration;

import dev.tradeloom.platform.config.Env;

/**
 * Where objects are stored and how they are served.
 *
 * @param endpoint       {@code S3_ENDPOINT}, e.g. {@code http://127.0.0.1:9000} for MinIO; empty for AWS S3
 * @param region         {@code S3_REGION}, default {@code us-east-1}
 * @param bucket         {@code S3_BUCKET}, default {@code tradeloom-media}; created at start if missing
 * @param accessKey      {@code S3_ACCESS_KEY}
 * @param secretKey      {@code S3_SECRET_KEY}
 * @param publicBaseUrl  {@code MEDIA_PUBLIC_BASE_URL}: a public or CDN URL under which object keys are
 *                       served; empty (the default) serves every read through a presigned GET
 * @param uploadTtl      {@code MEDIA_UPLOAD_URL_TTL}, default 15m: how long a presigned PUT stays valid
 * @param downloadTtl    {@code MEDIA_DOWNLOAD_URL_TTL}, default 1h: how long a presigned GET stays valid
 * @param maxImageBytes  {@code MEDIA_MAX_IMAGE_BYTES}, default 10 MiB: the largest image accepted
 */
public record StorageConfig(String endpoint, String region, String bucket, String accessKey, String secretKey,
                            String publicBaseUrl, Duration uploadTtl, Duration downloadTtl, int maxImageBytes) {

    /** The default largest image: 10 MiB. */
    public static final int DEFAULT_MAX_IMAGE_BYTES = 10 * 1024 * 1024;

    /** Reads the settings; problems are reported by the caller's {@link Env#check()}. */
    public static StorageConfig fromEnv(Env env) {
        return new StorageConfig(stripSlash(env.string("S3_ENDPOINT", "")),
                                 env.string("S3_REGION", "us-east-1"),
                                 env.string("S3_BUCKET", "tradeloom-media"),
                                 env.string("S3_ACCESS_KEY", ""),
                                 env.string("S3_SECRET_KEY", ""),
                                 stripSlash(env.string("MEDIA_PUBLIC_BASE_URL", "")),
                                 env.duration("MEDIA_UPLOAD_URL_TTL", Duration.ofMinutes(15)),
                                 env.duration("MEDIA_DOWNLOAD_URL_TTL", Duration.ofHours(1)),
                                 env.integer("MEDIA_MAX_IMAGE_BYTES", DEFAULT_MAX_IMAGE_BYTES, 1,
                                             Integer.MAX_VALUE));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        // The secret key is never logged.
        return "StorageConfig[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket
               + ", accessKey=" + accessKey + ", publicBaseUrl=" + publicBaseUrl + ", uploadTtl=" + uploadTtl
               + ", downloadTtl=" + downloadTtl + ", maxImageBytes=" + maxImageBytes + ']';
    }
}
