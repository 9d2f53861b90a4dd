package dev.tradeloom.tryon.provider;

/** Generates the image of a person wearing a garment. Implementations are thread-safe. */
public interface TryOnProvider {
    /** A short name for logs and metrics, e.g. {@code gemini} or {@code offline}. */
    String name();

    /** The generated image; throws {@link TryOnFailure} saying whether trying again can help. */
    TryOnInput.Image generate(TryOnInput input) throws TryOnFailure;
}
