package dev.tradeloom.platform.error;

/** The resource changed since the client read it (etag mismatch). */
public final class EtagMismatchException extends ApiException {
    private static final long serialVersionUID = 1L;

    public EtagMismatchException(String reason, String message) {
        super(reason, message);
    }
}
