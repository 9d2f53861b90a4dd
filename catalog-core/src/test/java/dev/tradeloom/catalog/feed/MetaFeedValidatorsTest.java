package dev.tradeloom.catalog.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.tradeloom.catalog.store.MetaFeedState;

/** The feed's ETag and Last-Modified: what changes them and what does not. */
class MetaFeedValidatorsTest {
    private static final Instant CHANGED = Instant.parse("2026-12-06T10:00:00.400Z");
    private static final MetaFeedState STATE = new MetaFeedState(7, CHANGED, "Asha Silks", true,
                                                                 Instant.parse("2026-12-01T08:00:00Z"));

    @Test
    void eachCommittedChange_andTheSupplier_changeTheETag() {
        final String etag = MetaFeedService.etag(STATE, null);
        assertThat(MetaFeedService.etag(new MetaFeedState(8, CHANGED, "Asha Silks", true, null), null))
                .isNotEqualTo(etag);
        assertThat(MetaFeedService.etag(new MetaFeedState(7, CHANGED, "Asha Sarees", true, null), null))
                .isNotEqualTo(etag);
        assertThat(MetaFeedService.etag(new MetaFeedState(7, CHANGED, "Asha Silks", false, null), null))
                .isNotEqualTo(etag);
        assertThat(MetaFeedService.lastModified(STATE, null)).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
    }

    @Test
    void publicImageUrls_neverExpire_soTimeAloneChangesNothing() {
        final String etag = MetaFeedService.etag(STATE, urlsFrom("2026-12-06T10:05:00Z", null));
        assertThat(MetaFeedService.etag(STATE, urlsFrom("2026-12-09T23:59:00Z", null))).isEqualTo(etag);
    }

    @Test
    void presignedImageUrls_renewTheValidators_everyHalfOfTheirLifetime() {
        final Duration hour = Duration.ofHours(1);
        final @Nullable Instant first = urlsFrom("2026-12-06T10:05:00Z", hour);
        assertThat(first).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(MetaFeedService.etag(STATE, urlsFrom("2026-12-06T10:29:59Z", hour)))
                .isEqualTo(MetaFeedService.etag(STATE, first));

        final @Nullable Instant next = urlsFrom("2026-12-06T10:30:00Z", hour);
        assertThat(MetaFeedService.etag(STATE, next)).isNotEqualTo(MetaFeedService.etag(STATE, first));
        assertThat(MetaFeedService.lastModified(STATE, next)).isEqualTo(Instant.parse("2026-12-06T10:30:00Z"));
    }

    @Test
    void lastModified_isGivenOnlyOnceItsSecondIsOver_withASecondForTheClocks() {
        // A copy dated 10:00:00 while 10:00:00 is still going would be "not modified since" for a change at
        // 10:00:00.900: If-Modified-Since would then answer 304 for a feed that changed.
        final Instant lastModified = MetaFeedService.lastModified(STATE, null);
        assertThat(MetaFeedService.isSettled(lastModified, CHANGED)).isFalse();
        assertThat(MetaFeedService.isSettled(lastModified, Instant.parse("2026-12-06T10:00:01.999Z"))).isFalse();
        assertThat(MetaFeedService.isSettled(lastModified, Instant.parse("2026-12-06T10:00:02Z"))).isTrue();
    }

    private static @Nullable Instant urlsFrom(String now, @Nullable Duration lifetime) {
        return MetaFeedService.urlPeriodStart(Instant.parse(now), Optional.ofNullable(lifetime));
    }
}
