package org.verbatim.search;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The state of the search index, for operators. Always up: while the index is rebuilt, everything but searching
 * works, so a load balancer must keep sending requests to this instance.
 */
@Readiness
@ApplicationScoped
public class SearchIndexHealth implements HealthCheck {

    private final SearchIndexer indexer;

    public SearchIndexHealth(SearchIndexer indexer) {
        this.indexer = indexer;
    }

    @Override
    public HealthCheckResponse call() {
        boolean rebuilding = indexer.rebuilding();
        boolean searchable = indexer.searchable();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("search-index").up()
                .withData("state", rebuilding ? "rebuilding" : searchable ? "ready" : "unavailable")
                .withData("searchable", searchable);
        indexer.lastRebuild().filter(rebuild -> rebuilding).ifPresent(rebuild -> response
                .withData("indexed", rebuild.indexed())
                .withData("total", rebuild.total())
                .withData("percent", rebuild.percent()));
        return response.build();
    }
}
