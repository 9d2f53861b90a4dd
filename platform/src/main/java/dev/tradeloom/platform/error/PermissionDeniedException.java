package dev.tradeloom.platform.error;

/** The caller is known but not allowed to do this. */
public final class PermissionDeniedException extends ApiException {
    private static final long serialVersionUID = 1L;

    public PermissionDeniedException(String reason, String message) {
        super(reason, message);
    }
}
