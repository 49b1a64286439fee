package org.verbatim.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.event.Observes;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Limits the bodies of JSON requests, which are read whole, to {@code verbatim.http.max-body-size}; imports read
 * theirs as they arrive and are held to the larger {@code quarkus.http.limits.max-body-size} only. An announced
 * oversized body is answered with a problem document before it is read. A body sent in chunks, with no
 * Content-Length, is read here up to the limit: one that passes it fails the route with 413, which
 * {@link RouteFailures} answers with a problem document (the REST layer, left to read it, would answer an empty 413).
 */
@ApplicationScoped
public class BodySizeLimit {

    private final long maxBytes;
    private final ObjectMapper mapper;

    private static final String IMPORTS = "/api/v1/imports";

    private final BodyHandler chunkedBodies;

    public BodySizeLimit(@ConfigProperty(name = "verbatim.http.max-body-size") MemorySize maxBodySize,
            ObjectMapper mapper) {
        this.maxBytes = maxBodySize.asLongValue();
        this.mapper = mapper;
        // The REST layer reads a body that is already here instead of the request's stream.
        this.chunkedBodies = BodyHandler.create(false).setBodyLimit(maxBytes);
    }

    /** Right after Quarkus's own check of the larger limit (order -2). */
    void register(@Observes Router router) {
        router.route().order(-1).handler(this::limit);
    }

    void limit(RoutingContext context) {
        if (context.request().path().equals(IMPORTS)) {
            context.next();
            return;
        }
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null && context.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            chunkedBodies.handle(context);
            return;
        }
        if (length != null && isOver(length)) {
            context.response()
                    .setStatusCode(ProblemType.BODY_TOO_LARGE.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(problem(context.request().path()));
            return;
        }
        context.next();
    }

    private String problem(String path) {
        ProblemType type = ProblemType.BODY_TOO_LARGE;
        try {
            return mapper.writeValueAsString(new Problem(type.uri(), type.title(), type.status(),
                    "The body announces more than the " + maxBytes + " bytes a request may carry.", path, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
