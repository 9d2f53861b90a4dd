package dev.tradeloom.platform.error;

/** The resource is not in a state that allows the operation. */
public final class FailedPreconditionException extends ApiException {
    private static final long serialVersionUID = 1L;

    public FailedPreconditionException(String reason, String message) {
        super(reason, message);
    }
}
