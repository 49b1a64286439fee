package org.verbatim.common.error;

import java.time.Duration;
import java.util.List;

/** A failure the API reports as a problem document; thrown by services, mapped in {@link ProblemMappers}. */
public class ApiException extends RuntimeException {

    private final ProblemType type;
    private final List<Problem.Violation> violations;
    private final Duration retryAfter;

    public ApiException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ApiException(ProblemType type, String detail, List<Problem.Violation> violations) {
        this(type, detail, violations, null);
    }

    private ApiException(ProblemType type, String detail, List<Problem.Violation> violations, Duration retryAfter) {
        super(detail, null, false, false);
        this.type = type;
        this.violations = List.copyOf(violations);
        this.retryAfter = retryAfter;
    }

    public ProblemType type() {
        return type;
    }

    public List<Problem.Violation> violations() {
        return violations;
    }

    /** How long the client should wait before it tries again, for the {@code Retry-After} header; null if unsaid. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public static ApiException notFound(String resource, String id) {
        return new ApiException(ProblemType.NOT_FOUND, "No " + resource + " with id '" + id + "'.");
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(ProblemType.VALIDATION_FAILED, field + ": " + message,
                List.of(new Problem.Violation(field, message)));
    }

    public static ApiException invalidReference(String field, String message) {
        return new ApiException(ProblemType.INVALID_REFERENCE, field + ": " + message,
                List.of(new Problem.Violation(field, message)));
    }

    public static ApiException staleVersion(long expected, long current) {
        return new ApiException(ProblemType.STALE_VERSION,
                "If-Match names version " + expected + " but the current version is " + current
                        + ": read the resource again and retry.");
    }

    public static ApiException tooManyRequests(String detail, Duration retryAfter) {
        return new ApiException(ProblemType.TOO_MANY_REQUESTS, detail, List.of(), retryAfter);
    }
}
