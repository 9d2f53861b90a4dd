package dev.tradeloom.platform.error;

import static java.util.Objects.requireNonNull;

/** One bad field: its path in the request (e.g. {@code tenant.slug}) and what is expected. */
public record FieldViolation(String field, String description) {
    public FieldViolation {
        requireNonNull(field, "field");
        requireNonNull(description, "description");
    }
}
