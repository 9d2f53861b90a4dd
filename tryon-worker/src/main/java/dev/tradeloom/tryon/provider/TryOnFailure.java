package dev.tradeloom.tryon.provider;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Why a provider produced no image. The message is meant for the user who submitted the job (it ends up
 * as the job's failure reason), so it says what to do, never a provider's internals.
 */
public final class TryOnFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, for metrics ({@code tradeloom.tryon.provider.errors{kind}}) and the retry decision. */
    public enum Kind {
        /** The prompt or photos were blocked by the provider's safety rules: permanent. */
        BLOCKED(false),
        /** The provider answered without an image: permanent. */
        NO_IMAGE(false),
        /** The provider refused the request itself (4xx): permanent. */
        REJECTED(false),
        /** Our daily allowance at the provider is used up: permanent today. */
        QUOTA_EXHAUSTED(false),
        /** Too many requests for now (429): retried, after the delay the provider asked for. */
        RATE_LIMITED(true),
        /** The provider failed or is down (5xx, no answer, timeout): retried. */
        UNAVAILABLE(true);

        private final boolean transientFault;

        Kind(boolean transientFault) {
            this.transientFault = transientFault;
        }

        public boolean isTransient() {
            return transientFault;
        }
    }

    private final Kind kind;
    private final @Nullable Duration retryAfter;

    public TryOnFailure(Kind kind, String userMessage, @Nullable Duration retryAfter, @Nullable Throwable cause) {
        super(requireNonNull(userMessage, "userMessage"), cause);
        this.kind = requireNonNull(kind, "kind");
        this.retryAfter = retryAfter;
    }

    public TryOnFailure(Kind kind, String userMessage) {
        this(kind, userMessage, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** How long the provider asked us to wait, when it said. */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }
}
