package org.verbatim.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Answers with a problem document the failures that never reach the REST layer's exception mappers: requests the
 * HTTP router refuses itself (no Host header, undecodable query string) and bodies sent without a Content-Length
 * that outgrow the limit while they are read. Without it they would be an empty answer or the framework's own JSON.
 */
@ApplicationScoped
public class RouteFailures {

    private static final Logger LOG = Logger.getLogger(RouteFailures.class);

    private final ObjectMapper mapper;
    private final DatabaseOutage outage;

    public RouteFailures(ObjectMapper mapper, DatabaseOutage outage) {
        this.mapper = mapper;
        this.outage = outage;
    }

    void register(@Observes Router router) {
        // First among the failure handlers, so that it answers before the framework's default one.
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    void handle(RoutingContext context) {
        if (context.response().headWritten() || context.response().closed()) {
            context.next();
            return;
        }
        Throwable failure = context.failure();
        int status = context.statusCode();
        if (status < 400 && failure instanceof HttpException http) {
            status = http.getStatusCode();
        }
        if (status < 400 || status > 599) {
            status = 500;
        }
        if (status >= 500 && failure != null && DatabaseUnavailable.isCause(failure)) {
            outage.failed(failure);
            context.response()
                    .setStatusCode(ProblemType.DATABASE_UNAVAILABLE.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.RETRY_AFTER,
                            String.valueOf(ProblemMappers.retryAfterSeconds(DatabaseOutage.RETRY_AFTER)))
                    .end(json(new Problem(ProblemType.DATABASE_UNAVAILABLE.uri(),
                            ProblemType.DATABASE_UNAVAILABLE.title(), ProblemType.DATABASE_UNAVAILABLE.status(),
                            ProblemMappers.DATABASE_UNAVAILABLE_DETAIL, context.request().path(), null)));
            return;
        }
        if (status >= 500) {
            LOG.error("Request failed", failure);
        }
        ProblemType type = ProblemType.forStatus(status);
        String detail = switch (status) {
            case 413 -> "The body is larger than the limit a request may carry.";
            case 500 -> "The request could not be completed.";
            default -> status >= 500 ? "The request could not be completed." : "The request could not be read.";
        };
        context.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(json(new Problem(type.uri(), type.title(), status, detail, context.request().path(), null)));
    }

    private String json(Problem problem) {
        try {
            return mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
