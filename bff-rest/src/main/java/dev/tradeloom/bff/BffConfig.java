package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.tradeloom.api.v1.RateTier;
import dev.tradeloom.platform.config.Env;
import dev.tradeloom.platform.logging.LogFormat;

/**
 * The edge's settings, read once at start.
 *
 * @param port            {@code BFF_PORT}, default 8080
 * @param tenantCoreUrl   {@code TENANT_CORE_URL}, default {@code http://127.0.0.1:9101}
 * @param catalogCoreUrl  {@code CATALOG_CORE_URL}, default {@code http://127.0.0.1:9102}; gRPC and the Meta
 *                        feed's plain HTTP ({@code /feeds/meta/...}) share its port
 * @param enquiryCoreUrl  {@code ENQUIRY_CORE_URL}, default {@code http://127.0.0.1:9103}
 * @param jwksUrl         {@code JWKS_URL}, default tenant-core's {@code /.well-known/jwks.json}
 * @param corsOrigins     {@code CORS_ORIGINS}, comma-separated, default {@code http://localhost:3000}
 * @param rateLimitEnabled {@code RATE_LIMIT_ENABLED}, default true
 * @param perMinute       requests per minute per client and tier: {@code RATE_LIMIT_AUTH_PER_MINUTE} (20),
 *                        {@code RATE_LIMIT_GENERAL_PER_MINUTE} (120), {@code RATE_LIMIT_UPLOAD_PER_MINUTE} (10),
 *                        {@code RATE_LIMIT_PUBLIC_PER_MINUTE} (60)
 * @param maxRequestBytes {@code MAX_REQUEST_BYTES}, default 1 MiB
 * @param requestTimeout  {@code REQUEST_TIMEOUT}, default 10s; also the deadline passed to core services
 * @param cookieSecure    {@code COOKIE_SECURE}, default true; false only for plain-HTTP local use
 * @param rateLimitStore  {@code RATE_LIMIT_STORE} and its database settings, see {@link RateLimitStore}
 * @param maxUploadBytes  {@code MEDIA_MAX_IMAGE_BYTES}, default 10 MiB: the largest body of the image upload
 *                        route, the only route allowed more than {@code MAX_REQUEST_BYTES}
 * @param tryonUrl        {@code TRYON_URL}, default {@code http://127.0.0.1:9104}: tryon-worker's TryOnService
 * @param trustedProxies  {@code TRUSTED_PROXIES}, comma-separated addresses or CIDR blocks, default none:
 *                        the proxies in front of the edge, whose X-Forwarded-For names the client
 * @param metricsAllowedNetworks {@code METRICS_ALLOWED_NETWORKS}, comma-separated addresses or CIDR blocks,
 *                        default loopback and private ranges: the clients (as {@code TRUSTED_PROXIES} resolves
 *                        them) that may read {@code /internal/metrics}
 */
public record BffConfig(int port, String tenantCoreUrl, String catalogCoreUrl, String enquiryCoreUrl,
                        String jwksUrl, List<String> corsOrigins, boolean rateLimitEnabled,
                        Map<RateTier, Integer> perMinute, long maxRequestBytes, Duration requestTimeout,
                        boolean cookieSecure, RateLimitStore rateLimitStore, long maxUploadBytes,
                        String tryonUrl, List<String> trustedProxies, List<String> metricsAllowedNetworks) {

    /** Where tryon-worker listens unless {@code TRYON_URL} says otherwise. */
    public static final String DEFAULT_TRYON_URL = "http://127.0.0.1:9104";

    /** The default largest image upload: 10 MiB, as catalog-core's default limit. */
    public static final int DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

    /**
     * Who may read the metrics unless {@code METRICS_ALLOWED_NETWORKS} says otherwise: this host and private
     * networks (RFC 1918, IPv6 unique local), where scrapers run.
     */
    public static final List<String> DEFAULT_METRICS_ALLOWED_NETWORKS = List.of(
            "127.0.0.0/8", "::1", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");

    /** An origin as browsers send it: scheme, host, optional port, nothing after. */
    private static final Pattern ORIGIN = Pattern.compile("^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$");

    public BffConfig {
        corsOrigins = List.copyOf(corsOrigins);
        trustedProxies = List.copyOf(trustedProxies);
        metricsAllowedNetworks = List.copyOf(metricsAllowedNetworks);
        perMinute = Map.copyOf(perMinute);
        requireNonNull(rateLimitStore, "rateLimitStore");
        requireNonNull(tryonUrl, "tryonUrl");
    }

    /** A configuration whose metrics are open to the default networks. */
    public BffConfig(int port, String tenantCoreUrl, String catalogCoreUrl, String enquiryCoreUrl,
                     String jwksUrl, List<String> corsOrigins, boolean rateLimitEnabled,
                     Map<RateTier, Integer> perMinute, long maxRequestBytes, Duration requestTimeout,
                     boolean cookieSecure, RateLimitStore rateLimitStore, long maxUploadBytes,
                     String tryonUrl, List<String> trustedProxies) {
        this(port, tenantCoreUrl, catalogCoreUrl, enquiryCoreUrl, jwksUrl, corsOrigins, rateLimitEnabled,
             perMinute, maxRequestBytes, requestTimeout, cookieSecure, rateLimitStore, maxUploadBytes,
             tryonUrl, trustedProxies, DEFAULT_METRICS_ALLOWED_NETWORKS);
    }

    /** A configuration with tryon-worker at its default address. */
    public BffConfig(int port, String tenantCoreUrl, String catalogCoreUrl, String enquiryCoreUrl,
                     String jwksUrl, List<String> corsOrigins, boolean rateLimitEnabled,
                     Map<RateTier, Integer> perMinute, long maxRequestBytes, Duration requestTimeout,
                     boolean cookieSecure, RateLimitStore rateLimitStore, long maxUploadBytes) {
        this(port, tenantCoreUrl, catalogCoreUrl, enquiryCoreUrl, jwksUrl, corsOrigins, rateLimitEnabled,
             perMinute, maxRequestBytes, requestTimeout, cookieSecure, rateLimitStore, maxUploadBytes,
             DEFAULT_TRYON_URL, List.of(), DEFAULT_METRICS_ALLOWED_NETWORKS);
    }

    /** A configuration whose rate limits live in this instance's memory. */
    public BffConfig(int port, String tenantCoreUrl, String catalogCoreUrl, String enquiryCoreUrl,
                     String jwksUrl, List<String> corsOrigins, boolean rateLimitEnabled,
                     Map<RateTier, Integer> perMinute, long maxRequestBytes, Duration requestTimeout,
                     boolean cookieSecure) {
        this(port, tenantCoreUrl, catalogCoreUrl, enquiryCoreUrl, jwksUrl, corsOrigins, rateLimitEnabled,
             perMinute, maxRequestBytes, requestTimeout, cookieSecure, RateLimitStore.MEMORY,
             DEFAULT_MAX_UPLOAD_BYTES);
    }

    /** A configuration with the default upload limit. */
    public BffConfig(int port, String tenantCoreUrl, String catalogCoreUrl, String enquiryCoreUrl,
                     String jwksUrl, List<String> corsOrigins, boolean rateLimitEnabled,
                     Map<RateTier, Integer> perMinute, long maxRequestBytes, Duration requestTimeout,
                     boolean cookieSecure, RateLimitStore rateLimitStore) {
        this(port, tenantCoreUrl, catalogCoreUrl, enquiryCoreUrl, jwksUrl, corsOrigins, rateLimitEnabled,
             perMinute, maxRequestBytes, requestTimeout, cookieSecure, rateLimitStore,
             DEFAULT_MAX_UPLOAD_BYTES);
    }

    public static BffConfig fromEnv(Env env) {
        final String tenantCore = stripSlash(env.string("TENANT_CORE_URL", "http://127.0.0.1:9101"));
        final var config = new BffConfig(
                env.integer("BFF_PORT", 8080, 0, 65535),
                tenantCore,
                stripSlash(env.string("CATALOG_CORE_URL", "http://127.0.0.1:9102")),
                stripSlash(env.string("ENQUIRY_CORE_URL", "http://127.0.0.1:9103")),
                env.string("JWKS_URL", tenantCore + "/.well-known/jwks.json"),
                corsOrigins(env),
                env.bool("RATE_LIMIT_ENABLED", true),
                Map.of(RateTier.RATE_TIER_AUTH, env.integer("RATE_LIMIT_AUTH_PER_MINUTE", 20, 1, 1_000_000),
                       RateTier.RATE_TIER_GENERAL, env.integer("RATE_LIMIT_GENERAL_PER_MINUTE", 120, 1, 1_000_000),
                       RateTier.RATE_TIER_UPLOAD, env.integer("RATE_LIMIT_UPLOAD_PER_MINUTE", 10, 1, 1_000_000),
                       RateTier.RATE_TIER_PUBLIC, env.integer("RATE_LIMIT_PUBLIC_PER_MINUTE", 60, 1, 1_000_000)),
                env.integer("MAX_REQUEST_BYTES", 1024 * 1024, 1024, 512 * 1024 * 1024),
                env.duration("REQUEST_TIMEOUT", Duration.ofSeconds(10)),
                env.bool("COOKIE_SECURE", true),
                RateLimitStore.fromEnv(env),
                env.integer("MEDIA_MAX_IMAGE_BYTES", DEFAULT_MAX_UPLOAD_BYTES, 1, Integer.MAX_VALUE),
                stripSlash(env.string("TRYON_URL", DEFAULT_TRYON_URL)),
                addressBlocks(env, "TRUSTED_PROXIES", List.of()),
                addressBlocks(env, "METRICS_ALLOWED_NETWORKS", DEFAULT_METRICS_ALLOWED_NETWORKS));
        LogFormat.check(env);
        env.check();
        return config;
    }

    /**
     * The origins allowed to call with credentials, each a scheme, host and optional port. A wildcard is
     * refused: with credentials allowed, it would let every site act for the signed-in browser.
     */
    private static List<String> corsOrigins(Env env) {
        final List<String> origins = env.list("CORS_ORIGINS", List.of("http://localhost:3000"));
        for (String origin : origins) {
            if (!ORIGIN.matcher(origin).matches()) {
                env.problem("CORS_ORIGINS: '" + origin + "' is not an origin (expected: scheme://host[:port], "
                            + "e.g. https://shop.example.com; wildcards are not allowed)");
            }
        }
        return origins;
    }

    /** The setting {@code name}: a list of addresses or CIDR blocks. */
    private static List<String> addressBlocks(Env env, String name, List<String> defaultValue) {
        final List<String> entries = env.list(name, defaultValue);
        for (String entry : entries) {
            final @Nullable String problem = AddressBlocks.checkEntry(entry);
            if (problem != null) {
                env.problem(name + ": " + problem);
            }
        }
        return entries;
    }

    /** This configuration with different rate limits, for tests and tools. */
    public BffConfig withRateLimits(boolean enabled, Map<RateTier, Integer> newPerMinute) {
        return new BffConfig(port, tenantCoreUrl, catalogCoreUrl, enquiryCoreUrl, jwksUrl, corsOrigins, enabled,
                             newPerMinute, maxRequestBytes, requestTimeout, cookieSecure, rateLimitStore,
                             maxUploadBytes, tryonUrl, trustedProxies, metricsAllowedNetworks);
    }

    /** This configuration with a different rate-limit store, for tests and tools. */
    public BffConfig withRateLimitStore(RateLimitStore store) {
        return new BffConfig(port, tenantCoreUrl, catalogCoreUrl, enquiryCoreUrl, jwksUrl, corsOrigins,
                             rateLimitEnabled, perMinute, maxRequestBytes, requestTimeout, cookieSecure, store,
                             maxUploadBytes, tryonUrl, trustedProxies, metricsAllowedNetworks);
    }

    /** This configuration with tryon-worker at {@code url}, for tests and tools. */
    public BffConfig withTryonUrl(String url) {
        return new BffConfig(port, tenantCoreUrl, catalogCoreUrl, enquiryCoreUrl, jwksUrl, corsOrigins,
                             rateLimitEnabled, perMinute, maxRequestBytes, requestTimeout, cookieSecure,
                             rateLimitStore, maxUploadBytes, stripSlash(url), trustedProxies,
                             metricsAllowedNetworks);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
