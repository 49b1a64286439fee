package org.verbatim.imports;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.verbatim.common.error.ApiException;
import org.verbatim.common.error.Problem;
import org.verbatim.common.error.ProblemMappers;
import org.verbatim.common.error.ProblemType;

/** Bean Validation of the parts of an import record, with fields named by their path in the record. */
@ApplicationScoped
class Validation {

    private final Validator validator;

    Validation(Validator validator) {
        this.validator = validator;
    }

    /** The value, when valid; otherwise an exception naming every invalid field under {@code prefix}. */
    <T> T valid(T value, String prefix) {
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (violations.isEmpty()) {
            return value;
        }
        List<Problem.Violation> named = violations.stream()
                .map(v -> new Problem.Violation(prefixed(prefix, ProblemMappers.fieldOf(v)), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field).thenComparing(Problem.Violation::message))
                .toList();
        throw new ApiException(ProblemType.VALIDATION_FAILED,
                named.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; ")), named);
    }

    private static String prefixed(String prefix, String field) {
        if (prefix == null || prefix.isEmpty()) {
            return field;
        }
        return "$".equals(field) ? prefix : prefix + (field.startsWith("[") ? "" : ".") + field;
    }
}
