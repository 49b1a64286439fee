package org.verbatim.statement;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestQuery;
import org.verbatim.common.api.QueryParams;
import org.verbatim.common.error.ApiException;
import org.verbatim.common.validation.LanguageTag;

/** Query parameters shared by every list of statements. */
public class StatementListParams {

    /** Long enough for any real question, short enough that a query cannot become a denial of service. */
    static final int MAX_QUERY_LENGTH = 500;

    @RestQuery
    @Parameter(description = "Full-text query in the style of web search engines: words are all required,"
            + " `\"exact phrase\"`, `OR` between alternatives, `-word` to exclude, `word*` for a prefix."
            + " English words match their other forms (ceasefires, ceasefire); case, accents and curly quotes"
            + " do not matter.", example = "ceasefire ukraine")
    public String q;

    @RestQuery
    @Parameter(description = "Facets to count over all matches (repeatable or comma-separated): speaker, event,"
            + " kind, topic, year, publisher.",
            schema = @Schema(type = SchemaType.ARRAY, implementation = FullTextSearch.Facet.class))
    public List<String> facets;

    @RestQuery
    @Parameter(description = "Only statements of these kinds (repeatable; any of them).",
            schema = @Schema(type = SchemaType.ARRAY, implementation = StatementKind.class))
    public List<String> kind;

    @RestQuery
    @Parameter(description = "Only statements with any of these topics (repeatable).", example = "[\"ceasefire\"]")
    public List<String> topic;

    @RestQuery
    @Parameter(description = "Stated on or after this date (inclusive).", example = "2025-05-01",
            schema = @Schema(type = SchemaType.STRING, format = "date"))
    public String from;

    @RestQuery
    @Parameter(description = "Stated on or before this date (inclusive).", example = "2025-05-31",
            schema = @Schema(type = SchemaType.STRING, format = "date"))
    public String to;

    @RestQuery
    @Parameter(description = "Language of the text (BCP 47); `en` also selects `en-GB` and other variants.",
            example = "en")
    public String language;

    @RestQuery
    @Parameter(description = "Only statements with a source from this publisher (case-insensitive).",
            example = "Kyiv Post")
    public String publisher;

    @RestQuery
    @Parameter(description = "`relevance` (best match first; the default with `q`), `-statedOn` (newest first;"
            + " the default without `q`), `statedOn`, `-sourceCount` (most reported first), `sourceCount`,"
            + " `firstPublishedOn` (earliest published first) or `-firstPublishedOn`; undated last.",
            schema = @Schema(type = SchemaType.STRING, enumeration = {"relevance", "-statedOn", "statedOn",
                "-sourceCount", "sourceCount", "firstPublishedOn", "-firstPublishedOn"}))
    public String sort;

    StatementQuery toQuery(List<String> speakerIds, List<String> eventIds) {
        return new StatementQuery(query(), toFilter(speakerIds, eventIds), toSort(), toFacets());
    }

    private StatementFilter toFilter(List<String> speakerIds, List<String> eventIds) {
        String lang = QueryParams.text("language", language, 35);
        if (lang != null && !LanguageTag.Validator.isValidTag(lang)) {
            throw ApiException.invalid("language", "'" + lang + "' is not a BCP 47 language tag such as en or pt-BR");
        }
        var from = QueryParams.date("from", this.from);
        var to = QueryParams.date("to", this.to);
        QueryParams.requireOrdered(from, to);
        return new StatementFilter(
                QueryParams.strings("speakerId", speakerIds),
                QueryParams.strings("eventId", eventIds),
                QueryParams.enums("kind", kind, StatementKind.class),
                QueryParams.strings("topic", topic).stream().map(t -> t.toLowerCase(java.util.Locale.ROOT)).toList(),
                from, to, lang,
                QueryParams.text("publisher", publisher, 300));
    }

    private String query() {
        return QueryParams.text("q", q, MAX_QUERY_LENGTH);
    }

    private Set<FullTextSearch.Facet> toFacets() {
        Set<FullTextSearch.Facet> result = EnumSet.noneOf(FullTextSearch.Facet.class);
        for (String name : QueryParams.strings("facets", facets)) {
            result.add(Arrays.stream(FullTextSearch.Facet.values())
                    .filter(facet -> facet.parameter().equalsIgnoreCase(name))
                    .findFirst()
                    .orElseThrow(() -> ApiException.invalid("facets",
                            "'" + name + "' is not one of [speaker, event, kind, topic, year, publisher]")));
        }
        return result;
    }

    private StatementSort toSort() {
        return StatementSort.parse(sort, query() != null);
    }
}
