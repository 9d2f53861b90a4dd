package dev.tradeloom.tryon;

import dev.tradeloom.platform.config.Env;
import dev.tradeloom.platform.db.DatabaseConfig;
import dev.tradeloom.platform.logging.LogFormat;
import dev.tradeloom.platform.queue.QueueWorkerSettings;
import dev.tradeloom.platform.storage.StorageConfig;
import dev.tradeloom.tryon.domain.TryOnSettings;
import dev.tradeloom.tryon.provider.GeminiSettings;

/**
 * tryon-worker settings, read once at start from the environment.
 *
 * @param port     {@code TRYON_PORT}, default 9104
 * @param database see {@link DatabaseConfig#fromEnv}
 * @param storage  see {@link StorageConfig#fromEnv}: photos and results
 * @param jobs     the worker, see {@link QueueWorkerSettings#fromEnv}
 * @param jwksUrl  {@code JWKS_URL}, default tenant-core's ({@code TENANT_CORE_URL}) {@code /.well-known/jwks.json}
 * @param tryOn    quotas, attempts and retention, see {@link TryOnSettings#fromEnv}
 * @param gemini   see {@link GeminiSettings#fromEnv}; without a key the offline provider runs
 * @param catalogCoreUrl {@code CATALOG_CORE_URL}, default {@code http://127.0.0.1:9102}: whose storefront
 *                 gives the image of a product tried on
 */
public record TryOnWorkerConfig(int port, DatabaseConfig database, StorageConfig storage, QueueWorkerSettings jobs,
                                String jwksUrl, TryOnSettings tryOn, GeminiSettings gemini,
                                String catalogCoreUrl) {

    public static final String SCHEMA = "tryon";

    /** Reads and validates every setting; throws listing all problems at once. */
    public static TryOnWorkerConfig fromEnv(Env env) {
        final String tenantCore = stripSlash(env.string("TENANT_CORE_URL", "http://127.0.0.1:9101"));
        final var config = new TryOnWorkerConfig(
                env.integer("TRYON_PORT", 9104, 0, 65535),
                DatabaseConfig.fromEnv(env, SCHEMA),
                StorageConfig.fromEnv(env),
                QueueWorkerSettings.fromEnv(env),
                env.string("JWKS_URL", tenantCore + "/.well-known/jwks.json"),
                TryOnSettings.fromEnv(env),
                GeminiSettings.fromEnv(env),
                stripSlash(env.string("CATALOG_CORE_URL", "http://127.0.0.1:9102")));
        LogFormat.check(env);
        env.check();
        return config;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
