package dev.tradeloom.tenant.domain;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing in the PHC string format
 * ({@code $argon2id$v=19$m=65536,t=3,p=1$salt$hash}), so parameters can be raised later
 * without invalidating stored hashes.
 */
public final class PasswordHasher {
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    /** Argon2id cost: memory in KiB, iterations and lanes. */
    public record Params(int memoryKib, int iterations, int parallelism) {}

    private final Params params;
    private final SecureRandom random = new SecureRandom();

    public PasswordHasher(Params params) {
        this.params = requireNonNull(params, "params");
    }

    public String hash(String password) {
        final byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        final byte[] hash = derive(password, salt, params, HASH_BYTES);
        return String.format("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", params.memoryKib(), params.iterations(),
                             params.parallelism(), B64.encodeToString(salt), B64.encodeToString(hash));
    }

    /** Whether {@code password} matches {@code stored}; compares in constant time. */
    public boolean matches(String password, String stored) {
        final String[] parts = stored.split("\\$");
        if (parts.length != 6 || !"argon2id".equals(parts[1])) {
            return false;
        }
        final String[] costs = parts[3].split(",");
        final Params storedParams = new Params(Integer.parseInt(costs[0].substring(2)),
                                               Integer.parseInt(costs[1].substring(2)),
                                               Integer.parseInt(costs[2].substring(2)));
        final byte[] expected = B64D.decode(parts[5]);
        final byte[] actual = derive(password, B64D.decode(parts[4]), storedParams, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(String password, byte[] salt, Params params, int length) {
        final Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                               .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                               .withMemoryAsKB(params.memoryKib())
                               .withIterations(params.iterations())
                               .withParallelism(params.parallelism())
                               .withSalt(salt)
                               .build());
        final byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
