package dev.tradeloom.enquiry.domain;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.tradeloom.platform.api.PageTokens;
import dev.tradeloom.platform.error.InvalidArgumentException;

/** Which enquiries of the inbox to list; a null part matches every enquiry. */
public record InboxFilter(@Nullable PipelineStatus status, @Nullable UUID assignee, @Nullable UUID product,
                          @Nullable Instant createdAfter, @Nullable Instant createdBefore) {

    public InboxFilter {
        if (createdAfter != null && createdBefore != null && !createdAfter.isBefore(createdBefore)) {
            throw InvalidArgumentException.of(
                    "created_before", createdBefore + " (expected: after created_after " + createdAfter + ')');
        }
    }

    public static InboxFilter none() {
        return new InboxFilter(null, null, null, null, null);
    }

    /** A stable digest of the filter, so a page token is refused under other filters. */
    String fingerprint() {
        return PageTokens.fingerprint(toString());
    }
}
