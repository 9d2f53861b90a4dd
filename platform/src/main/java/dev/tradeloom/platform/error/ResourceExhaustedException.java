package dev.tradeloom.platform.error;

/** A quota or rate limit is exhausted. */
public final class ResourceExhaustedException extends ApiException {
    private static final long serialVersionUID = 1L;

    public ResourceExhaustedException(String reason, String message) {
        super(reason, message);
    }
}
