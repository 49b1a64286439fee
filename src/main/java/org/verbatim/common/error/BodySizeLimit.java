package org.verbatim.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.event.Observes;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Limits the bodies of JSON requests, which are read whole, to {@code verbatim.http.max-body-size}; imports read
 * theirs as they arrive and are held to the larger {@code quarkus.http.limits.max-body-size} only. An announced
 * oversized body is answered with a problem document before it is read; one sent without a Content-Length is cut
 * off when it passes the limit (by the REST layer, with an empty 413).
 */
@ApplicationScoped
public class BodySizeLimit {

    private final long maxBytes;
    private final ObjectMapper mapper;

    /** Set by Quarkus for bodies without a Content-Length; the REST layer stops reading past it. */
    private static final String STREAMED_BODY_LIMIT = "io.quarkus.max-request-size";
    private static final String IMPORTS = "/api/v1/imports";

    public BodySizeLimit(@ConfigProperty(name = "verbatim.http.max-body-size") MemorySize maxBodySize,
            ObjectMapper mapper) {
        this.maxBytes = maxBodySize.asLongValue();
        this.mapper = mapper;
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
        if (context.get(STREAMED_BODY_LIMIT) != null) {
            context.put(STREAMED_BODY_LIMIT, maxBytes);
        }
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
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
