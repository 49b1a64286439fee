package org.verbatim.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.event.Observes;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers an announced oversized body with a problem document before it is read. (Vert.x enforces the same limit
 * on bodies sent without a Content-Length, but with an empty 413.)
 */
@ApplicationScoped
public class BodySizeLimit {

    private final long maxBytes;
    private final ObjectMapper mapper;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            ObjectMapper mapper) {
        this.maxBytes = maxBodySize.asLongValue();
        this.mapper = mapper;
    }

    void register(@Observes Filters filters) {
        filters.register(this::limit, 100);
    }

    void limit(RoutingContext context) {
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
