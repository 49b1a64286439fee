package org.verbatim.common.error;

import java.time.Duration;
import java.util.List;

/** A failure the API reports as a problem document; thrown by services, mapped in {@link ProblemMappers}. */
public class ApiException extends RuntimeException {

    private final ProblemType type;
    private final List<Problem.Violation> violations;
    private final String existingId;
    private final String existingPath;
    private final Duration retryAfter;

    public ApiException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ApiException(ProblemType type, String detail, List<Problem.Violation> violations) {
        this(type, detail, violations, null, null, null);
    }

    private ApiException(ProblemType type, String detail, List<Problem.Violation> violations, String existingId,
            String existingPath, Duration retryAfter) {
        super(detail, null, false, false);
        this.type = type;
        this.violations = List.copyOf(violations);
        this.existingId = existingId;
        this.existingPath = existingPath;
        this.retryAfter = retryAfter;
    }

    public ProblemType type() {
        return type;
    }

    public List<Problem.Violation> violations() {
        return violations;
    }

    /** With a duplicate: the id of the record already stored; null otherwise. */
    public String existingId() {
        return existingId;
    }

    /** With a duplicate: the path of the record already stored, for the Location header; null otherwise. */
    public String existingPath() {
        return existingPath;
    }

    /** The record sent is already stored as {@code id}, which lives at {@code path}. */
    public static ApiException duplicate(String detail, String id, String path) {
        return new ApiException(ProblemType.DUPLICATE, detail, List.of(), id, path, null);
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

    /**
     * A record that only deleted statements still point at: they could be restored, so they must be purged first.
     * Names the first few.
     */
    public static ApiException stillReferencedByDeleted(String resource, String id, List<String> statementIds) {
        int shown = Math.min(statementIds.size(), 10);
        String ids = String.join(", ", statementIds.subList(0, shown).stream().map(s -> "'" + s + "'").toList())
                + (statementIds.size() > shown ? " and " + (statementIds.size() - shown) + " more" : "");
        return new ApiException(ProblemType.STILL_REFERENCED, resource + " '" + id + "' is still referenced by "
                + statementIds.size() + " deleted statement(s), which could be restored: purge them first ("
                + ids + ").");
    }

    public static ApiException staleVersion(long expected, long current) {
        return new ApiException(ProblemType.STALE_VERSION,
                "If-Match names version " + expected + " but the current version is " + current
                        + ": read the resource again and retry.");
    }

    /** The search index cannot answer for now (it is being rebuilt); everything else works. */
    public static ApiException searchUnavailable(String detail, Duration retryAfter) {
        return new ApiException(ProblemType.SEARCH_UNAVAILABLE, detail, List.of(), null, null, retryAfter);
    }

    public static ApiException tooManyRequests(String detail, Duration retryAfter) {
        return new ApiException(ProblemType.TOO_MANY_REQUESTS, detail, List.of(), null, null, retryAfter);
    }
}
