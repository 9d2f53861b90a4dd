package dev.tradeloom.tenant.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.platform.task.Periodic;

/**
 * Rotates the signing key when it is older than the configured age, checked at start and then
 * hourly: the successor is published ten minutes before it signs (longer than the five minutes
 * verifiers cache the JWKS), and old keys keep verifying until every token they signed has
 * expired, then are retired.
 */
public final class KeyRotation implements AutoCloseable {
    /** How long a new key is published before it signs. */
    public static final Duration PUBLISH_AHEAD = Duration.ofMinutes(10);
    /** Allowance for clocks of other services running ahead or behind. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final Duration CHECK_EVERY = Duration.ofHours(1);
    private static final Logger logger = LoggerFactory.getLogger(KeyRotation.class);

    private final SigningKeys keys;
    private final Duration maxAge;
    private final Duration tokenLifetime;
    private final Periodic timer = new Periodic("signing-key-rotation");

    /**
     * @param maxAge      how long a key signs before its successor takes over
     * @param tokenTtl    the access-token lifetime: how long a retired signer must keep verifying
     */
    public KeyRotation(SigningKeys keys, Duration maxAge, Duration tokenTtl) {
        this.keys = requireNonNull(keys, "keys");
        this.maxAge = requireNonNull(maxAge, "maxAge");
        tokenLifetime = requireNonNull(tokenTtl, "tokenTtl").plus(CLOCK_SKEW);
    }

    /** Checks now, then every hour until closed. */
    public KeyRotation start() {
        checkNow();
        timer.runEvery(CHECK_EVERY, CHECK_EVERY, this::checkNow);
        return this;
    }

    /** One check: add a successor when due, retire keys whose tokens have all expired. */
    public SigningKeys.Rotation checkNow() {
        final SigningKeys.Rotation rotation = keys.rotateIfDue(maxAge, PUBLISH_AHEAD, tokenLifetime);
        if (rotation.added() > 0 || rotation.retired() > 0) {
            logger.info("Signing keys: {} added, {} retired, {} active; {} signs now", rotation.added(),
                        rotation.retired(), rotation.active(), rotation.signingKid());
        }
        return rotation;
    }

    @Override
    public void close() {
        timer.close();
    }
}
