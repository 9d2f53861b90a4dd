package dev.tradeloom.platform.error;

import static java.util.Objects.requireNonNull;

/**
 * A failure the client can understand and, for 4xx kinds, fix. Each subclass is one kind; the
 * server maps kinds to statuses in exactly one place ({@code GrpcErrors}). {@link #reason()} is
 * a stable UPPER_SNAKE identifier sent as {@code google.rpc.ErrorInfo.reason}.
 */
public abstract class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    protected ApiException(String reason, String message) {
        super(requireNonNull(message, "message"), null, false, false);
        this.reason = requireNonNull(reason, "reason");
    }

    public String reason() {
        return reason;
    }
}
