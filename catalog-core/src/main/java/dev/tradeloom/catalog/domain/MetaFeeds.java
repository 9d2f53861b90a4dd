package dev.tradeloom.catalog.domain;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import dev.tradeloom.catalog.store.MetaFeedDao;
import dev.tradeloom.catalog.store.MetaFeedItemRow;
import dev.tradeloom.catalog.store.MetaFeedRow;
import dev.tradeloom.catalog.store.MetaFeedState;
import dev.tradeloom.platform.db.Transactor;

/**
 * A tenant's Meta catalog feed: its secret token (256 random bits, URL-safe base64, stored only
 * as a SHA-256 digest) and the reads the feed is served from.
 */
public final class MetaFeeds {
    /** What a token looks like: 32 bytes in URL-safe base64 without padding. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final int TOKEN_BYTES = 32;
    private static final int HINT_LENGTH = 4;

    private final Transactor tx;
    private final SecureRandom random = new SecureRandom();

    public MetaFeeds(Transactor tx) {
        this.tx = requireNonNull(tx, "tx");
    }

    /** A token just issued, with the feed row it now belongs to. The token is never readable again. */
    public record IssuedToken(String token, MetaFeedRow feed) {}

    /** The tenant's feed settings; empty before the first token. */
    public Optional<MetaFeedRow> get(UUID tenantId) {
        return tx.inTenant(tenantId, h -> h.attach(MetaFeedDao.class).find(tenantId));
    }

    /** Issues a new token for the tenant; the previous one stops working when this commits. */
    public IssuedToken rotate(UUID tenantId) {
        final byte[] raw = new byte[TOKEN_BYTES];
        random.nextBytes(raw);
        final String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        final MetaFeedRow row = tx.inTenant(tenantId, h -> {
            final MetaFeedDao feeds = h.attach(MetaFeedDao.class);
            feeds.saveToken(tenantId, digest(token), token.substring(token.length() - HINT_LENGTH));
            return feeds.find(tenantId).orElseThrow();
        });
        return new IssuedToken(token, row);
    }

    /** The tenant whose current token is {@code token}; empty for anything else, malformed or not. */
    public Optional<UUID> tenantOf(String token) {
        requireNonNull(token, "token");
        if (!TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return tx.inSystem(h -> h.attach(MetaFeedDao.class).tenantOf(digest(token)));
    }

    /** What the tenant's feed is made of now, for its validators; empty when it has no feed. */
    public Optional<MetaFeedState> state(UUID tenantId) {
        return tx.inTenant(tenantId, h -> h.attach(MetaFeedDao.class).state(tenantId));
    }

    /**
     * Hands the tenant's feed items to {@code sink} one by one, read with a cursor in one
     * transaction: only a fetch's worth of rows is in memory at a time. {@code sink} may block
     * (e.g. until the client took the bytes written so far).
     */
    public void forEachItem(UUID tenantId, Consumer<MetaFeedItemRow> sink) {
        requireNonNull(sink, "sink");
        tx.inTenant(tenantId, h -> {
            h.attach(MetaFeedDao.class).items(tenantId).useStream(rows -> rows.forEach(sink));
            return null;
        });
    }

    static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
