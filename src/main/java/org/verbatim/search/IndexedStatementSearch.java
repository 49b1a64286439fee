package org.verbatim.search;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hibernate.search.engine.search.aggregation.AggregationKey;
import org.hibernate.search.engine.search.common.BooleanOperator;
import org.hibernate.search.engine.search.highlighter.dsl.HighlighterEncoder;
import org.hibernate.search.engine.search.predicate.dsl.SimpleQueryFlag;
import org.verbatim.statement.FullTextSearch;
import org.verbatim.statement.StatementFilter;

/** Full-text search over the statement index: the same query code runs on any Hibernate Search backend. */
@ApplicationScoped
public class IndexedStatementSearch implements FullTextSearch {

    /** Long enough to show a whole quote in most cases, with the matched words marked. */
    private static final int SNIPPET_LENGTH = 400;
    private static final int FACET_SIZE = 20;
    private static final Set<SimpleQueryFlag> OPERATORS = Set.of(SimpleQueryFlag.AND, SimpleQueryFlag.OR,
            SimpleQueryFlag.NOT, SimpleQueryFlag.PHRASE, SimpleQueryFlag.PREFIX, SimpleQueryFlag.PRECEDENCE,
            SimpleQueryFlag.WHITESPACE);
    private static final Map<Facet, String> FACET_FIELDS = Map.of(Facet.SPEAKER, "speakerId", Facet.EVENT, "eventId",
            Facet.KIND, "kind", Facet.TOPIC, "topics", Facet.PUBLISHER, "publishers");

    private final SearchIndex index;
    private final SearchIndexer indexer;

    public IndexedStatementSearch(SearchIndex index, SearchIndexer indexer) {
        this.index = index;
        this.indexer = indexer;
    }

    @Override
    public void requireAvailable() {
        indexer.requireSearchable();
    }

    @Override
    public FullTextSearch.SearchResult search(SearchQuery query) {
        indexer.requireSearchable();
        String text = query.text() == null ? "" : QuerySyntax.translate(query.text());
        Map<Facet, AggregationKey<Map<String, Long>>> keys = new EnumMap<>(Facet.class);
        AggregationKey<Map<Integer, Long>> yearKey = AggregationKey.of("year");
        return index.query(session -> {
            var options = session.search(StatementDocument.class)
                    .select(f -> f.composite()
                            .from(f.id(String.class), f.highlight(StatementDocument.TEXT_ENGLISH),
                                    f.highlight(StatementDocument.TEXT_OTHER))
                            .as((id, english, other) -> new Hit((String) id, first(english, other))))
                    .where((f, root) -> {
                        if (!text.isEmpty()) {
                            root.add(f.simpleQueryString()
                                    .field(StatementDocument.TEXT_ENGLISH).field(StatementDocument.TEXT_OTHER)
                                    .field("about").boost(0.3f)
                                    .matching(text)
                                    .defaultOperator(BooleanOperator.AND)
                                    .flags(OPERATORS));
                        } else if (query.text() != null) {
                            root.add(f.matchNone());
                        } else {
                            root.add(f.matchAll());
                        }
                        StatementFilter filter = query.filter();
                        if (!filter.speakerIds().isEmpty()) {
                            root.add(f.terms().field("speakerId").matchingAny(filter.speakerIds()));
                        }
                        if (!filter.eventIds().isEmpty()) {
                            root.add(f.terms().field("eventId").matchingAny(filter.eventIds()));
                        }
                        if (!filter.kinds().isEmpty()) {
                            root.add(f.terms().field("kind")
                                    .matchingAny(filter.kinds().stream().map(Enum::name).toList()));
                        }
                        if (!filter.topics().isEmpty()) {
                            root.add(f.terms().field("topics").matchingAny(filter.topics()));
                        }
                        if (filter.from() != null || filter.to() != null) {
                            root.add(f.range().field("statedOn").between(filter.from(), filter.to()));
                        }
                        if (filter.language() != null) {
                            String language = filter.language().toLowerCase(Locale.ROOT);
                            root.add(f.or(f.match().field("language").matching(language),
                                    f.wildcard().field("language").matching(language + "-*")));
                        }
                        if (filter.publisher() != null) {
                            root.add(f.match().field("publishersLower").matching(filter.publisher()));
                        }
                    })
                    .highlighter(f -> f.plain().tag("<mark>", "</mark>").encoder(HighlighterEncoder.HTML)
                            .fragmentSize(SNIPPET_LENGTH).numberOfFragments(1).noMatchSize(SNIPPET_LENGTH))
                    .sort(f -> switch (query.sort()) {
                        case RELEVANCE -> f.score().then().field("sortId");
                        case STATED_ON_ASC -> f.field("statedOn").asc().then().field("sortId").asc();
                        case STATED_ON_DESC -> f.field("statedOn").desc().then().field("sortId").desc();
                        case SOURCE_COUNT_ASC -> f.field("sourceCount").asc().then().field("sortId").asc();
                        case SOURCE_COUNT_DESC -> f.field("sourceCount").desc().then().field("sortId").desc();
                        case FIRST_PUBLISHED_ASC -> f.field("firstPublishedOn").asc().missing().last()
                                .then().field("sortId").asc();
                        case FIRST_PUBLISHED_DESC -> f.field("firstPublishedOn").desc().missing().last()
                                .then().field("sortId").desc();
                    });
            for (Facet facet : query.facets()) {
                if (facet == Facet.YEAR) {
                    options = options.aggregation(yearKey,
                            f -> f.terms().field("year", Integer.class).maxTermCount(FACET_SIZE));
                } else {
                    AggregationKey<Map<String, Long>> key = AggregationKey.of(facet.parameter());
                    keys.put(facet, key);
                    options = options.aggregation(key,
                            f -> f.terms().field(FACET_FIELDS.get(facet), String.class).maxTermCount(FACET_SIZE));
                }
            }
            org.hibernate.search.engine.search.query.SearchResult<Hit> result = options.fetch(query.offset(), query.limit());
            Map<Facet, List<FacetCount>> facets = new EnumMap<>(Facet.class);
            keys.forEach((facet, key) -> facets.put(facet, counts(result.aggregation(key))));
            if (query.facets().contains(Facet.YEAR)) {
                List<FacetCount> years = new ArrayList<>();
                result.aggregation(yearKey).forEach((year, count) -> years.add(new FacetCount(year.toString(), count)));
                facets.put(Facet.YEAR, years);
            }
            return new FullTextSearch.SearchResult(result.hits(), result.total().hitCount(), facets);
        });
    }

    @Override
    public List<String> similar(String statementId, String text, int limit) {
        indexer.requireSearchable();
        String words = significantWords(text);
        if (words.isEmpty()) {
            return List.of();
        }
        return index.query(session -> session.search(StatementDocument.class)
                .select(f -> f.id(String.class))
                .where((f, root) -> {
                    root.add(f.simpleQueryString()
                            .field(StatementDocument.TEXT_ENGLISH).field(StatementDocument.TEXT_OTHER)
                            .matching(words)
                            .defaultOperator(BooleanOperator.OR)
                            .flags(Set.of(SimpleQueryFlag.WHITESPACE)));
                    root.add(f.not(f.id().matching(statementId)));
                })
                .sort(f -> f.score().then().field("sortId"))
                .fetchHits(limit)
                .stream().map(String.class::cast).toList());
    }

    /** The distinct words of a text, bounded so that a long text cannot make a huge query. */
    static String significantWords(String text) {
        Set<String> words = new LinkedHashSet<>();
        for (String word : text.split("[^\\p{L}\\p{N}'’]+")) {
            if (word.length() > 2) {
                words.add(word.toLowerCase(Locale.ROOT));
            }
            if (words.size() == 60) {
                break;
            }
        }
        return String.join(" ", words);
    }

    private static String first(List<String> english, List<String> other) {
        if (english != null && !english.isEmpty()) {
            return english.get(0);
        }
        return other != null && !other.isEmpty() ? other.get(0) : null;
    }

    private static List<FacetCount> counts(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> new FacetCount(e.getKey(), e.getValue())).toList();
    }

}
