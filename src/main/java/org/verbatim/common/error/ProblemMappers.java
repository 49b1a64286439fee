package org.verbatim.common.error;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into an RFC 9457 problem document. The most specific mapper wins, so each kind of
 * failure gets its own precise answer; nothing here ever writes an exception class name, a stack trace or SQL.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final AllowedMethods allowedMethods;
    private final DatabaseOutage outage;

    public ProblemMappers(AllowedMethods allowedMethods, DatabaseOutage outage) {
        this.allowedMethods = allowedMethods;
        this.outage = outage;
    }
    static final String BASIC_CHALLENGE = "Basic realm=\"verbatim\", charset=\"UTF-8\"";

    @ServerExceptionMapper
    public Response apiException(ApiException e, UriInfo uri) {
        if (e.existingId() != null) {
            return Response.status(e.type().status())
                    .type(Problem.MEDIA_TYPE)
                    .location(uri.getBaseUriBuilder().path(e.existingPath()).build())
                    .entity(new Problem(e.type().uri(), e.type().title(), e.type().status(), e.getMessage(),
                            uri.getPath(), null, e.existingId()))
                    .build();
        }
        Response response = problem(e.type(), e.getMessage(), uri, e.violations());
        if (e.retryAfter() == null) {
            return response;
        }
        return Response.fromResponse(response).header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(e.retryAfter()))
                .build();
    }

    /** Whole seconds, rounded up: a client that waits exactly this long is not refused again. */
    static long retryAfterSeconds(java.time.Duration wait) {
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    @ServerExceptionMapper({ConstraintViolationException.class, ResteasyReactiveViolationException.class})
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field).thenComparing(Problem.Violation::message))
                .toList();
        String detail = violations.stream()
                .map(v -> v.field() + ": " + v.message())
                .collect(Collectors.joining("; "));
        return problem(ProblemType.VALIDATION_FAILED, detail, uri, violations);
    }

    @ServerExceptionMapper
    public Response unrecognizedProperty(UnrecognizedPropertyException e, UriInfo uri) {
        String field = pathOf(e);
        String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                .map(String::valueOf).sorted().collect(Collectors.joining(", "));
        String message = "unknown property '" + e.getPropertyName() + "'"
                + (known.isEmpty() ? "" : "; known properties: " + known);
        return problem(ProblemType.VALIDATION_FAILED, field + ": " + message, uri,
                List.of(new Problem.Violation(field, message)));
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
        String field = pathOf(e);
        String message;
        Class<?> target = e.getTargetType();
        if (target != null && target.isEnum()) {
            message = "'" + e.getValue() + "' is not one of " + Arrays.toString(target.getEnumConstants());
        } else if (target == String.class) {
            // A string we refused for its content says why; a number or boolean sent for a string is just that.
            message = e.getValue() instanceof String ? e.getOriginalMessage() : "expected a string, not " + e.getValue();
        } else if (target != null && target.getName().startsWith("java.time.")) {
            message = "'" + e.getValue() + "' is not a valid ISO-8601 date (yyyy-MM-dd)";
        } else {
            message = "'" + e.getValue() + "' is not " + typeName(target);
        }
        return problem(ProblemType.VALIDATION_FAILED, field + ": " + message, uri,
                List.of(new Problem.Violation(field, message)));
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        if (e.getPath().isEmpty()) {
            return malformed(e, uri);
        }
        String field = pathOf(e);
        String message = "expected " + typeName(e.getTargetType()) + at(e.getLocation());
        return problem(ProblemType.VALIDATION_FAILED, field + ": " + message, uri,
                List.of(new Problem.Violation(field, message)));
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e, UriInfo uri) {
        if (e.getPath().isEmpty()) {
            return malformed(e, uri);
        }
        String field = pathOf(e);
        String message = cleanMessage(e) + at(e.getLocation());
        return problem(ProblemType.VALIDATION_FAILED, field + ": " + message, uri,
                List.of(new Problem.Violation(field, message)));
    }

    @ServerExceptionMapper
    public Response jsonProcessing(JsonProcessingException e, UriInfo uri) {
        return malformed(e, uri);
    }

    @ServerExceptionMapper
    public Response patchRead(org.verbatim.common.api.MergePatcher.PatchReadException e, UriInfo uri) {
        return unreadable(e.json(), uri);
    }

    /** The answer to JSON that cannot be read into what was expected, whatever Jackson found wrong with it. */
    public Response unreadable(JsonProcessingException json, UriInfo uri) {
        if (json instanceof UnrecognizedPropertyException unknown) {
            return unrecognizedProperty(unknown, uri);
        }
        if (json instanceof InvalidFormatException format) {
            return invalidFormat(format, uri);
        }
        if (json instanceof MismatchedInputException mismatched) {
            return mismatchedInput(mismatched, uri);
        }
        if (json instanceof JsonMappingException mapping) {
            return jsonMapping(mapping, uri);
        }
        return jsonProcessing(json, uri);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(problem(ProblemType.UNAUTHORIZED,
                        "Send valid credentials with HTTP Basic authentication.", uri, List.of()))
                .header(HttpHeaders.WWW_AUTHENTICATE, BASIC_CHALLENGE)
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return problem(ProblemType.FORBIDDEN, "Your user does not have the role this operation needs.", uri,
                List.of());
    }

    @ServerExceptionMapper({OptimisticLockException.class, StaleStateException.class})
    public Response concurrentUpdate(RuntimeException e, UriInfo uri) {
        return problem(ProblemType.STALE_VERSION,
                "The resource was changed by another request at the same time: read it again and retry.", uri,
                List.of());
    }

    /** A unique key taken by a concurrent request between our check and the insert. */
    @ServerExceptionMapper
    public Response uniqueKeyRace(org.hibernate.exception.ConstraintViolationException e, UriInfo uri) {
        LOG.debugf("Constraint %s violated", e.getConstraintName());
        return problem(ProblemType.CONFLICT,
                "The request conflicts with a record stored at the same time; read the current state and retry.",
                uri, List.of());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return json instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                    ? jsonMapping(mapping, uri)
                    : malformed(json, uri);
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status >= 500 && DatabaseUnavailable.isCause(e)) {
            return databaseUnavailable(e, uri);
        }
        if (status >= 500) {
            LOG.error("Request failed", e);
        }
        ProblemType type = ProblemType.forStatus(status);
        String detail = switch (status) {
            case 404 -> "There is nothing at " + uri.getPath() + ".";
            case 405 -> "This resource does not accept that method.";
            case 406 -> "This resource answers with application/json only.";
            case 415 -> "Send the body as application/json"
                    + (uri.getPath().contains("/api/") ? " (application/merge-patch+json for PATCH)." : ".");
            default -> status >= 500 ? "The request could not be completed." : e.getMessage();
        };
        Response.ResponseBuilder builder = Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(type.uri(), type.title(), status, detail, uri.getPath(), null));
        String allow = original.getHeaderString(HttpHeaders.ALLOW);
        if (allow == null && status == Response.Status.METHOD_NOT_ALLOWED.getStatusCode()) {
            allow = allowedMethods.at(uri.getPath());
        }
        if (allow != null && !allow.isEmpty()) {
            builder.header(HttpHeaders.ALLOW, allow);
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        // However deeply wrapped (in a transaction's rollback, say): the request may succeed once it is back.
        if (DatabaseUnavailable.isCause(e)) {
            return databaseUnavailable(e, uri);
        }
        LOG.error("Unexpected failure", e);
        return problem(ProblemType.INTERNAL_ERROR, "The request could not be completed.", uri, List.of());
    }

    /** The database could not be reached: logged once per outage, not per request. */
    Response databaseUnavailable(Throwable e, UriInfo uri) {
        outage.failed(e);
        return Response.fromResponse(problem(ProblemType.DATABASE_UNAVAILABLE, DATABASE_UNAVAILABLE_DETAIL, uri,
                        List.of()))
                .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(DatabaseOutage.RETRY_AFTER))
                .build();
    }

    static final String DATABASE_UNAVAILABLE_DETAIL =
            "The database cannot be reached at the moment: try again in a few seconds.";

    static Response problem(ProblemType type, String detail, UriInfo uri, List<Problem.Violation> violations) {
        return Response.status(type.status())
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(type.uri(), type.title(), type.status(), detail, uri.getPath(), violations))
                .build();
    }

    private static Response malformed(JsonProcessingException e, UriInfo uri) {
        return problem(ProblemType.MALFORMED_REQUEST,
                "The body is not valid JSON: " + cleanMessage(e) + at(e.getLocation()), uri, List.of());
    }

    /** Jackson's message without its location and source excerpt, which we report in our own words. */
    private static String cleanMessage(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return "unreadable input";
        }
        int newline = message.indexOf('\n');
        message = newline >= 0 ? message.substring(0, newline) : message;
        // Jackson names Java classes in some messages; the client only needs the JSON side of it.
        return message.replaceAll("\\(class [\\w.$]+\\)", "")
                .replaceAll("`[\\w.$]+\\.(\\w+)`", "$1")
                .replaceAll("\\b(?:java|javax|jakarta|org|com|io)\\.(?:[a-z_]\\w*\\.)*([A-Z][\\w$]*)", "$1")
                .trim();
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** JSON path of a Jackson failure, such as {@code sources[0].url}. */
    static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "$" : path.toString();
    }

    /**
     * The field a constraint violation is about, without the Java method and parameter names: a body field
     * becomes {@code sources[0].url}, a query parameter keeps its name.
     */
    public static String fieldOf(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            // The index of a list element sits on the node that follows the list.
            if (node.isInIterable()) {
                field.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT
                    && node.getKind() != ElementKind.BEAN) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        if (field.isEmpty()) {
            return parameter == null ? "$" : parameter;
        }
        return field.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type) || java.util.Collection.class.isAssignableFrom(type)
                || type.isArray()) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type.getName().startsWith("java.time.")) {
            return "an ISO-8601 date string";
        }
        return "an object";
    }
}
