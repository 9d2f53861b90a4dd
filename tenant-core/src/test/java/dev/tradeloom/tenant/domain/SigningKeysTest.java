package dev.tradeloom.tenant.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;

import dev.tradeloom.tenant.TenantCoreTesting;

class SigningKeysTest {
    private static TenantCoreTesting tc;

    @BeforeAll
    static void start() {
        tc = new TenantCoreTesting();
    }

    @AfterAll
    static void stop() {
        tc.close();
    }

    @Test
    void anUnknownKid_rereadsTheRing_atMostEveryTenSeconds() {
        // Sub-microsecond digits, which PostgreSQL rounds away, must not hide a key from its own ring.
        final SettableClock clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.MICROS).plusNanos(999));
        final SigningKeys keys = new SigningKeys(tc.db().transactor(), tc.accountSecrets(), clock);
        final SigningKeys otherReplica = new SigningKeys(tc.db().transactor(), tc.accountSecrets(), clock);
        otherReplica.rotate();
        final String added = otherReplica.signingKey().getKeyID();

        // Tokens with unknown kids arrive all the time: they do not each cost a read.
        clock.advance(Duration.ofSeconds(1));
        assertThat(keys.get(kid(added), null)).isEmpty();
        clock.advance(SigningKeys.UNKNOWN_KID_RELOAD);
        assertThat(keys.get(kid(added), null)).singleElement()
                                              .satisfies(k -> assertThat(k.getKeyID()).isEqualTo(added));
    }

    private static JWKSelector kid(String kid) {
        return new JWKSelector(new JWKMatcher.Builder().keyID(kid).build());
    }

    /** A clock a test moves by hand. */
    private static final class SettableClock extends Clock {
        private Instant now;

        SettableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
