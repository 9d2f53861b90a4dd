package dev.tradeloom.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import dev.tradeloom.platform.crypto.SecretBox;

/**
 * A secret key kept in a file beside the local data it protects: drawn on the first run, read on the next
 * ones, since data sealed with a key opens only with the same key. The file is readable by its owner only
 * where the file system allows.
 */
final class LocalSecretKey {
    private LocalSecretKey() {}

    /** The key in {@code file}, written there first if there is none. */
    static String readOrCreate(Path file) {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                create(file);
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep a secret key in " + file, e);
        }
    }

    /** Written whole under another name and moved into place, so no run ever reads half a key. */
    private static void create(Path file) throws IOException {
        final Path draft = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(draft);
        try {
            Files.createFile(draft, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(draft);
        }
        Files.writeString(draft, SecretBox.newKey() + '\n', StandardCharsets.US_ASCII);
        Files.move(draft, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
