package dev.tradeloom.catalog;

import java.time.Duration;

import dev.tradeloom.platform.config.Env;
import dev.tradeloom.platform.db.DatabaseConfig;
import dev.tradeloom.platform.logging.LogFormat;
import dev.tradeloom.platform.storage.StorageConfig;

/**
 * catalog-core settings, read once at start from the environment.
 *
 * @param port               {@code CATALOG_CORE_PORT}, default 9102
 * @param database           see {@link DatabaseConfig#fromEnv}
 * @param tenantCoreUrl      {@code TENANT_CORE_URL}, default {@code http://127.0.0.1:9101}: the tenant change
 *                           feed that keeps the supplier read-model
 * @param jwksUrl            {@code JWKS_URL}, default tenant-core's {@code /.well-known/jwks.json}
 * @param supplierSyncEvery  {@code SUPPLIER_SYNC_INTERVAL}, default 5s: how often the feed is pulled
 * @param storage            images in S3, see {@link StorageConfig#fromEnv}
 * @param publicBaseUrl      {@code PUBLIC_BASE_URL}, default {@code http://localhost:8080}: the public host
 *                           (the edge) that Meta feed URLs and the feed's product links point at
 * @param searchTermsEvery   {@code SEARCH_TERMS_REFRESH}, default 1m: how often the words offered by product
 *                           suggestions are recounted
 * @param uploadSweepEvery   {@code IMAGE_UPLOAD_SWEEP_INTERVAL}, default 10m: how often the files of presigned
 *                           image uploads never completed (URL expired more than the upload TTL ago) are
 *                           deleted
 */
public record CatalogCoreConfig(int port, DatabaseConfig database, String tenantCoreUrl, String jwksUrl,
                                Duration supplierSyncEvery, StorageConfig storage, String publicBaseUrl,
                                Duration searchTermsEvery, Duration uploadSweepEvery) {

    public static final String SCHEMA = "catalog";
    static final String DEFAULT_PUBLIC_BASE_URL = "http://localhost:8080";
    static final Duration DEFAULT_SEARCH_TERMS_REFRESH = Duration.ofMinutes(1);
    static final Duration DEFAULT_UPLOAD_SWEEP_INTERVAL = Duration.ofMinutes(10);

    public CatalogCoreConfig {
        publicBaseUrl = stripSlash(publicBaseUrl);
        if (uploadSweepEvery.isNegative() || uploadSweepEvery.isZero()) {
            throw new IllegalArgumentException("uploadSweepEvery: " + uploadSweepEvery + " (expected: > 0)");
        }
    }

    /** Settings with the default public base URL. */
    public CatalogCoreConfig(int port, DatabaseConfig database, String tenantCoreUrl, String jwksUrl,
                             Duration supplierSyncEvery, StorageConfig storage) {
        this(port, database, tenantCoreUrl, jwksUrl, supplierSyncEvery, storage, DEFAULT_PUBLIC_BASE_URL,
             DEFAULT_SEARCH_TERMS_REFRESH, DEFAULT_UPLOAD_SWEEP_INTERVAL);
    }

    /**
     * Settings with the default public base URL and the given search-terms recount and upload sweep
     * intervals.
     */
    public CatalogCoreConfig(int port, DatabaseConfig database, String tenantCoreUrl, String jwksUrl,
                             Duration supplierSyncEvery, StorageConfig storage, Duration searchTermsEvery,
                             Duration uploadSweepEvery) {
        this(port, database, tenantCoreUrl, jwksUrl, supplierSyncEvery, storage, DEFAULT_PUBLIC_BASE_URL,
             searchTermsEvery, uploadSweepEvery);
    }

    /** Reads and validates every setting; throws listing all problems at once. */
    public static CatalogCoreConfig fromEnv(Env env) {
        final String tenantCore = stripSlash(env.string("TENANT_CORE_URL", "http://127.0.0.1:9101"));
        final var config = new CatalogCoreConfig(
                env.integer("CATALOG_CORE_PORT", 9102, 0, 65535),
                DatabaseConfig.fromEnv(env, SCHEMA),
                tenantCore,
                env.string("JWKS_URL", tenantCore + "/.well-known/jwks.json"),
                env.duration("SUPPLIER_SYNC_INTERVAL", Duration.ofSeconds(5)),
                StorageConfig.fromEnv(env),
                env.string("PUBLIC_BASE_URL", DEFAULT_PUBLIC_BASE_URL),
                env.duration("SEARCH_TERMS_REFRESH", DEFAULT_SEARCH_TERMS_REFRESH),
                env.positiveDuration("IMAGE_UPLOAD_SWEEP_INTERVAL", DEFAULT_UPLOAD_SWEEP_INTERVAL));
        LogFormat.check(env);
        env.check();
        return config;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
