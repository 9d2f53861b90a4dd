package dev.tradeloom.platform.crypto;

/**
 * A sealed value that does not open: sealed under another key or for another row, or altered. An
 * {@link IllegalStateException}, since with the right key and untouched rows it cannot happen.
 */
public final class UnopenableSecretException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    UnopenableSecretException(String message) {
        super(message);
    }
}
