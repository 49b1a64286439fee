package org.verbatim.statement;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of statements, with the facet counts that were asked for. */
@Schema(name = "StatementPage")
public record StatementPage(
        @Schema(description = "The statements of this page, in the requested order.") List<StatementResponse> items,
        @Schema(description = "0-based page number.", examples = "0") int page,
        @Schema(description = "Page size that was applied.", examples = "20") int size,
        @Schema(description = "Number of statements matching the request, over all pages.", examples = "3") long total,
        @Schema(description = "Counts by facet name (only those asked for with `facets`), largest first.",
                examples = "{\"kind\": [{\"value\": \"READOUT\", \"count\": 1}]}")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        Map<String, List<FacetValue>> facets) {

    /** How many matching statements share a value; speakers and events also carry their name. */
    @Schema(name = "FacetValue")
    public record FacetValue(
            @Schema(description = "The value: an id for speakers and events.", examples = "READOUT") String value,
            @Schema(description = "Display name of a speaker or event.", examples = "Tammy Bruce")
            @JsonInclude(JsonInclude.Include.NON_NULL) String label,
            @Schema(examples = "1") long count) {}
}
