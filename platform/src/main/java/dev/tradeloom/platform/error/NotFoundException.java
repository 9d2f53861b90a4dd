package dev.tradeloom.platform.error;

/** The named resource does not exist, or is not visible to the caller. */
public final class NotFoundException extends ApiException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String reason, String message) {
        super(reason, message);
    }
}
