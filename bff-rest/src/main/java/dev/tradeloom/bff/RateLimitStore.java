package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

import dev.tradeloom.platform.config.Env;

/**
 * Where the edge keeps its token buckets.
 *
 * @param kind     {@code RATE_LIMIT_STORE}: {@code memory} (default; each instance its own budget) or
 *                 {@code postgres} (one budget shared by every instance)
 * @param url      {@code RATE_LIMIT_DB_URL}, default {@code jdbc:postgresql://localhost:5432/tradeloom}
 * @param user     {@code RATE_LIMIT_DB_USER}, default {@code edge}; owns the {@code edge} schema
 * @param password {@code RATE_LIMIT_DB_PASSWORD}, default {@code edge}
 */
public record RateLimitStore(Kind kind, String url, String user, String password) {

    /** The two stores. */
    public enum Kind { MEMORY, POSTGRES }

    /** Buckets in this instance's memory. */
    public static final RateLimitStore MEMORY = new RateLimitStore(Kind.MEMORY, "", "", "");

    public RateLimitStore {
        requireNonNull(kind, "kind");
        requireNonNull(url, "url");
        requireNonNull(user, "user");
        requireNonNull(password, "password");
    }

    /** Buckets in the {@code edge} schema of the PostgreSQL database at {@code url}. */
    public static RateLimitStore postgres(String url, String user, String password) {
        return new RateLimitStore(Kind.POSTGRES, url, user, password);
    }

    static RateLimitStore fromEnv(Env env) {
        final String kind = env.string("RATE_LIMIT_STORE", "memory").toLowerCase(Locale.ROOT);
        switch (kind) {
            case "memory":
                return MEMORY;
            case "postgres":
                return postgres(env.string("RATE_LIMIT_DB_URL", "jdbc:postgresql://localhost:5432/tradeloom"),
                                env.string("RATE_LIMIT_DB_USER", "edge"),
                                env.string("RATE_LIMIT_DB_PASSWORD", "edge"));
            default:
                env.problem("RATE_LIMIT_STORE: '" + kind + "' (expected: memory or postgres)");
                return MEMORY;
        }
    }

    @Override
    public String toString() {
        // Never print the password.
        return kind == Kind.MEMORY ? "RateLimitStore[memory]" : "RateLimitStore[postgres " + url + " as " + user + ']';
    }
}
