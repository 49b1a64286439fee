package org.verbatim.common.error;

import jakarta.ws.rs.core.Response.Status;

/** The vocabulary of problems the API answers with; {@code type} is {@code urn:verbatim:problem:<slug>}. */
public enum ProblemType {
    MALFORMED_REQUEST(Status.BAD_REQUEST, "Malformed request body"),
    VALIDATION_FAILED(Status.BAD_REQUEST, "Request is not valid"),
    UNAUTHORIZED(Status.UNAUTHORIZED, "Authentication required"),
    FORBIDDEN(Status.FORBIDDEN, "Not allowed"),
    NOT_FOUND(Status.NOT_FOUND, "Resource not found"),
    METHOD_NOT_ALLOWED(Status.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE(Status.NOT_ACCEPTABLE, "Not acceptable"),
    CONFLICT(Status.CONFLICT, "Conflict with the current state"),
    STILL_REFERENCED(Status.CONFLICT, "Resource is still referenced"),
    DUPLICATE(Status.CONFLICT, "Already stored"),
    STALE_VERSION(Status.PRECONDITION_FAILED, "Resource has changed"),
    BODY_TOO_LARGE(Status.REQUEST_ENTITY_TOO_LARGE, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(Status.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    INVALID_REFERENCE(422, "Invalid reference"),
    TOO_MANY_REQUESTS(Status.TOO_MANY_REQUESTS, "Too many requests"),
    SERVICE_UNAVAILABLE(Status.SERVICE_UNAVAILABLE, "Service unavailable"),
    SEARCH_UNAVAILABLE(Status.SERVICE_UNAVAILABLE, "Search index unavailable"),
    DATABASE_UNAVAILABLE(Status.SERVICE_UNAVAILABLE, "Database unavailable"),
    INTERNAL_ERROR(Status.INTERNAL_SERVER_ERROR, "Internal error");

    private final int status;
    private final String title;

    ProblemType(Status status, String title) {
        this(status.getStatusCode(), title);
    }

    ProblemType(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String uri() {
        return "urn:verbatim:problem:" + name().toLowerCase().replace('_', '-');
    }

    /** The problem type that stands for a plain HTTP status, for errors raised by the framework. */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : MALFORMED_REQUEST;
    }
}
