package dev.tradeloom.platform.grpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.google.protobuf.Message;

import build.buf.protovalidate.ValidationResult;
import build.buf.protovalidate.Validator;
import build.buf.protovalidate.ValidatorFactory;
import build.buf.protovalidate.exceptions.ValidationException;
import build.buf.validate.FieldPathElement;
import build.buf.validate.Violation;
import dev.tradeloom.platform.error.FieldViolation;
import dev.tradeloom.platform.error.InvalidArgumentException;

/** Checks request messages against the protovalidate rules declared in the contracts. */
public final class RequestValidator {
    private final Validator validator = ValidatorFactory.newBuilder().build();

    /**
     * Throws {@link InvalidArgumentException} listing every violated rule of {@code message}, and every
     * field that holds a value no field may ({@link UnusableValues}: text with U+0000, a timestamp outside
     * years 0001 to 9999).
     */
    public void validate(Message message) {
        final List<FieldViolation> violations = new ArrayList<>();
        UnusableValues.find(message, "", violations);
        final ValidationResult result;
        try {
            result = validator.validate(message);
        } catch (ValidationException e) {
            if (!violations.isEmpty()) {
                // The rules could not be evaluated on such a value (a timestamp out of range).
                throw new InvalidArgumentException(violations);
            }
            // A rule that cannot be evaluated on usable values is a contract bug, not the client's fault.
            throw new IllegalStateException("Cannot evaluate validation rules of "
                                            + message.getDescriptorForType().getFullName(), e);
        }
        final Set<String> unusable = violations.stream().map(FieldViolation::field).collect(Collectors.toSet());
        for (build.buf.protovalidate.Violation v : result.getViolations()) {
            final Violation proto = v.toProto();
            final String path = path(proto);
            if (!unusable.contains(path)) {
                violations.add(new FieldViolation(path, proto.getMessage()));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidArgumentException(violations);
        }
    }

    /** Compiles the rules of {@code prototype} now rather than on the first request. */
    public void warm(Message prototype) {
        try {
            validator.validate(prototype);
        } catch (ValidationException e) {
            throw new IllegalStateException("Invalid validation rules in "
                                            + prototype.getDescriptorForType().getFullName(), e);
        }
    }

    private static String path(Violation violation) {
        final StringBuilder path = new StringBuilder();
        for (FieldPathElement element : violation.getField().getElementsList()) {
            if (path.length() > 0) {
                path.append('.');
            }
            path.append(element.getFieldName());
            if (element.hasIndex()) {
                path.append('[').append(element.getIndex()).append(']');
            } else if (element.hasStringKey()) {
                path.append('[').append(element.getStringKey()).append(']');
            }
        }
        return path.toString();
    }
}
