package dev.tradeloom.platform.error;

/** Something the service depends on cannot be reached just now; the same call may succeed if retried. */
public final class UnavailableException extends ApiException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String reason, String message) {
        super(reason, message);
    }
}
