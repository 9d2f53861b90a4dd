package dev.tradeloom.platform.id;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Time-ordered UUIDs (RFC 9562 version 7): 48 bits of Unix milliseconds, then random bits,
 * so keys created later sort later and B-tree inserts stay local.
 */
public final class Uuid7 {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Uuid7() {}

    /** A new version-7 UUID for the current time. */
    public static UUID next() {
        return at(System.currentTimeMillis());
    }

    /** When {@code id}, a version-7 UUID, was made (to the millisecond). */
    public static Instant timeOf(UUID id) {
        if (id.version() != 7) {
            throw new IllegalArgumentException("Not a version-7 UUID: " + id);
        }
        return Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16);
    }

    /**
     * The least UUID that sorts (as PostgreSQL and the RFC order them: unsigned, byte by byte) after every
     * version-7 UUID made before {@code instant}'s millisecond, and at or before every one made since: a
     * range bound on time-ordered keys.
     */
    public static UUID floorOf(Instant instant) {
        return new UUID(instant.toEpochMilli() << 16, 0);
    }

    static UUID at(long epochMillis) {
        final long randA = RANDOM.nextInt(1 << 12);
        final long msb = (epochMillis << 16) | (0x7L << 12) | randA;
        final long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
