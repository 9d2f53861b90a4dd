package dev.tradeloom.platform.error;

/** The caller is not signed in, or the credentials are invalid or expired. */
public final class UnauthenticatedException extends ApiException {
    private static final long serialVersionUID = 1L;

    public UnauthenticatedException(String reason, String message) {
        super(reason, message);
    }
}
