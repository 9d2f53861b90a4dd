package dev.tradeloom.platform.error;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/** The request is malformed or breaks a rule; {@link #violations()} says which fields and why. */
public final class InvalidArgumentException extends ApiException {
    private static final long serialVersionUID = 1L;

    private final List<FieldViolation> violations;

    public InvalidArgumentException(List<FieldViolation> violations) {
        super("INVALID_ARGUMENT", summarize(violations));
        this.violations = List.copyOf(violations);
    }

    /** One bad field. */
    public static InvalidArgumentException of(String field, String description) {
        return new InvalidArgumentException(List.of(new FieldViolation(field, description)));
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    private static String summarize(List<FieldViolation> violations) {
        requireNonNull(violations, "violations");
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("violations: empty (expected: at least one)");
        }
        return violations.stream().map(v -> v.field() + ": " + v.description())
                         .collect(Collectors.joining("; "));
    }
}
