package dev.tradeloom.catalog.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tradeloom.catalog.store.MetaFeedState;

/** The feed's ETag and Last-Modified: what changes them and what does not. */
class MetaFeedValidatorsTest {
    private static final Instant CHANGED = Instant.parse("2026-12-06T10:00:00.400Z");
    private static final MetaFeedState STATE = new MetaFeedState(7, CHANGED, "Asha Silks", true,
                                                                 Instant.parse("2026-12-01T08:00:00Z"));

    @Test
    void eachCommittedChange_andTheSupplier_changeTheETag() {
        final String etag = MetaFeedService.etag(STATE);
        assertThat(MetaFeedService.etag(new MetaFeedState(8, CHANGED, "Asha Silks", true, null)))
                .isNotEqualTo(etag);
        assertThat(MetaFeedService.etag(new MetaFeedState(7, CHANGED, "Asha Sarees", true, null)))
                .isNotEqualTo(etag);
        assertThat(MetaFeedService.etag(new MetaFeedState(7, CHANGED, "Asha Silks", false, null)))
                .isNotEqualTo(etag);
        assertThat(MetaFeedService.lastModified(STATE)).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
    }

    @Test
    void lastModified_isGivenOnlyOnceItsSecondIsOver_withASecondForTheClocks() {
        // A copy dated 10:00:00 while 10:00:00 is still going would be "not modified since" for a change at
        // 10:00:00.900: If-Modified-Since would then answer 304 for a feed that changed.
        final Instant lastModified = MetaFeedService.lastModified(STATE);
        assertThat(MetaFeedService.isSettled(lastModified, CHANGED)).isFalse();
        assertThat(MetaFeedService.isSettled(lastModified, Instant.parse("2026-12-06T10:00:01.999Z"))).isFalse();
        assertThat(MetaFeedService.isSettled(lastModified, Instant.parse("2026-12-06T10:00:02Z"))).isTrue();
    }
}
