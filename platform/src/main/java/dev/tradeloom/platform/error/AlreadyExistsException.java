package dev.tradeloom.platform.error;

/** A resource with the same unique key already exists. */
public final class AlreadyExistsException extends ApiException {
    private static final long serialVersionUID = 1L;

    public AlreadyExistsException(String reason, String message) {
        super(reason, message);
    }
}
