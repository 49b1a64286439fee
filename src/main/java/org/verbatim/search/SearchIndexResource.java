package org.verbatim.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.verbatim.security.Roles;

@Path("/api/v1/admin/search-index")
@Tag(name = "Administration", description = "Operating the service.")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class SearchIndexResource {

    private final SearchIndexer indexer;
    private final SearchIndex index;

    public SearchIndexResource(SearchIndexer indexer, SearchIndex index) {
        this.indexer = indexer;
        this.index = index;
    }

    @GET
    @Operation(operationId = "getSearchIndexStatus", summary = "State of the search index",
            description = "Needs role admin. How many statements the index holds, how many changes wait to reach it,"
                    + " whether it answers searches, and the progress of the latest rebuild.")
    @APIResponse(responseCode = "200", description = "The state of the index.")
    public IndexStatus status() {
        return new IndexStatus(index.count(), indexer.pending(), indexer.searchable(),
                indexer.lastRebuild().map(RebuildStatus::of).orElse(null));
    }

    @POST
    @Path("rebuild")
    @Operation(operationId = "rebuildSearchIndex", summary = "Rebuild the search index from the database",
            description = "Needs role admin. Starts a rebuild in the background (or reports the one running);"
                    + " follow its progress with the status.")
    @APIResponse(responseCode = "202", description = "A rebuild is running.")
    public RestResponse<IndexStatus> rebuild() {
        indexer.startRebuild();
        return RestResponse.accepted(status());
    }

    @Schema(name = "SearchIndexStatus")
    public record IndexStatus(
            @Schema(description = "Statements in the index.", examples = "9") long documents,
            @Schema(description = "Changes committed to the database, not yet in the index.", examples = "0")
            long pending,
            @Schema(description = "Whether searches are answered. Not while an index that was lost (missing or"
                    + " unusable at start) is being rebuilt: searches answer 503 then.", examples = "true")
            boolean searchable,
            @JsonInclude(JsonInclude.Include.NON_NULL) RebuildStatus lastRebuild) {}

    @Schema(name = "SearchIndexRebuild")
    public record RebuildStatus(
            @Schema(examples = "2025-05-12T09:30:00Z") Instant startedAt,
            @Schema(description = "Statements indexed so far.", examples = "9") long indexed,
            @Schema(description = "Statements to index, counted when the rebuild began (0 until then).",
                    examples = "9") long total,
            @Schema(description = "Absent while the rebuild runs.", examples = "2025-05-12T09:30:01Z")
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant finishedAt) {

        static RebuildStatus of(SearchIndexer.Rebuild rebuild) {
            return new RebuildStatus(rebuild.startedAt(), rebuild.indexed(), rebuild.total(), rebuild.finishedAt());
        }
    }
}
