package org.verbatim.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.search.Query;
import org.hibernate.search.backend.lucene.search.spi.LuceneMigrationUtils;
import org.hibernate.search.engine.search.aggregation.AggregationKey;
import org.hibernate.search.engine.search.common.BooleanOperator;
import org.hibernate.search.engine.search.highlighter.dsl.HighlighterEncoder;
import org.hibernate.search.engine.search.predicate.SearchPredicate;
import org.hibernate.search.engine.search.predicate.dsl.SimpleQueryFlag;
import org.hibernate.search.engine.search.predicate.dsl.SearchPredicateFactory;
import org.hibernate.search.engine.search.query.SearchScroll;
import org.hibernate.search.engine.search.sort.dsl.SearchSortFactory;
import org.hibernate.search.engine.search.sort.dsl.SortFinalStep;
import org.hibernate.search.mapper.pojo.standalone.session.SearchSession;
import org.verbatim.statement.FullTextSearch;
import org.verbatim.statement.StatementFilter;
import org.verbatim.statement.StatementResponse;
import org.verbatim.statement.StatementSort;

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
    private final ObjectMapper mapper;
    private final LuceneFacets luceneFacets = new LuceneFacets();

    public IndexedStatementSearch(SearchIndex index, SearchIndexer indexer, ObjectMapper mapper) {
        this.index = index;
        this.indexer = indexer;
        this.mapper = mapper;
    }

    @Override
    public void requireAvailable() {
        indexer.requireSearchable();
    }

    @Override
    public void catchUp() {
        indexer.drainQuietly();
    }

    @Override
    public boolean available() {
        return indexer.searchable();
    }

    @Override
    public FullTextSearch.SearchResult search(SearchQuery query) {
        indexer.requireSearchable();
        // Aggregations of the index's own make the facets on a search cluster; the embedded index counts them in
        // LuceneFacets, on the very query the hits come from.
        boolean countedHere = index.isEmbeddedLucene() && !query.facets().isEmpty();
        Map<Facet, AggregationKey<Map<String, Long>>> keys = new EnumMap<>(Facet.class);
        AggregationKey<Map<Integer, Long>> yearKey = AggregationKey.of("year");
        return index.query(session -> {
            SearchPredicate predicate = predicate(session.scope(StatementDocument.class).predicate(), query);
            var options = session.search(StatementDocument.class)
                    .select(f -> f.composite()
                            .from(f.id(String.class),
                                    f.composite()
                                            .from(f.highlight(StatementDocument.TEXT_ENGLISH),
                                                    f.highlight(StatementDocument.TEXT_OTHER))
                                            .as(IndexedStatementSearch::first),
                                    f.field("shown", String.class))
                            .as((id, highlight, shown) -> new Hit((String) id, highlight, shown(shown))))
                    .where(predicate)
                    .highlighter(f -> f.plain().tag("<mark>", "</mark>").encoder(HighlighterEncoder.HTML)
                            .fragmentSize(SNIPPET_LENGTH).numberOfFragments(1).noMatchSize(SNIPPET_LENGTH))
                    .sort(f -> sort(f, query.sort()));
            for (Facet facet : countedHere ? Set.<Facet>of() : query.facets()) {
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
            if (countedHere) {
                // The facet count finds every match, and counts them: the hits need only the best ones, which
                // Lucene finds without visiting every match when it need not count them.
                options = options.totalHitCountThreshold(query.offset() + query.limit());
            }
            org.hibernate.search.engine.search.query.SearchResult<Hit> result = options.fetch(query.offset(), query.limit());
            Map<Facet, List<FacetCount>> facets = new EnumMap<>(Facet.class);
            long total;
            if (countedHere) {
                Counted counted = countFacets(predicate, query.facets());
                facets.putAll(counted.facets());
                total = counted.total();
            } else {
                total = result.total().hitCount();
                keys.forEach((facet, key) -> facets.put(facet, counts(result.aggregation(key))));
                if (query.facets().contains(Facet.YEAR)) {
                    List<FacetCount> years = new ArrayList<>();
                    result.aggregation(yearKey)
                            .forEach((year, count) -> years.add(new FacetCount(year.toString(), count)));
                    facets.put(Facet.YEAR, years);
                }
            }
            return new FullTextSearch.SearchResult(result.hits(), total, facets);
        });
    }

    @Override
    public Matches matches(SearchQuery query, int chunkSize) {
        indexer.requireSearchable();
        SearchSession session = index.openSession();
        try {
            SearchScroll<String> scroll = session.search(StatementDocument.class)
                    .select(f -> f.id(String.class))
                    .where(predicate(session.scope(StatementDocument.class).predicate(), query))
                    .sort(f -> sort(f, query.sort()))
                    .scroll(chunkSize);
            return new Matches() {
                @Override
                public List<String> next() {
                    return scroll.next().hits();
                }

                @Override
                public void close() {
                    try (session) {
                        scroll.close();
                    }
                }
            };
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** The order asked for, ties broken by id so that equal scores and dates keep one order. */
    private static SortFinalStep sort(SearchSortFactory f, StatementSort sort) {
        return switch (sort) {
            case RELEVANCE -> f.score().then().field("sortId");
            case STATED_ON_ASC -> f.field("statedOn").asc().then().field("sortId").asc();
            case STATED_ON_DESC -> f.field("statedOn").desc().then().field("sortId").desc();
            case SOURCE_COUNT_ASC -> f.field("sourceCount").asc().then().field("sortId").asc();
            case SOURCE_COUNT_DESC -> f.field("sourceCount").desc().then().field("sortId").desc();
            case FIRST_PUBLISHED_ASC -> f.field("firstPublishedOn").asc().missing().last()
                    .then().field("sortId").asc();
            case FIRST_PUBLISHED_DESC -> f.field("firstPublishedOn").desc().missing().last()
                    .then().field("sortId").desc();
        };
    }

    /** The words asked for and the filters, as one predicate of the index. */
    private static SearchPredicate predicate(SearchPredicateFactory f, SearchQuery query) {
        String text = query.text() == null ? "" : QuerySyntax.translate(query.text());
        var root = f.bool();
        if (!text.isEmpty()) {
            root.must(f.simpleQueryString()
                    .field(StatementDocument.TEXT_ENGLISH).field(StatementDocument.TEXT_OTHER)
                    .field("about").boost(0.3f)
                    .matching(text)
                    .defaultOperator(BooleanOperator.AND)
                    .flags(OPERATORS));
        } else if (query.text() != null) {
            root.must(f.matchNone());
        } else {
            root.must(f.matchAll());
        }
        StatementFilter filter = query.filter();
        if (!filter.speakerIds().isEmpty()) {
            root.filter(f.terms().field("speakerId").matchingAny(filter.speakerIds()));
        }
        if (!filter.eventIds().isEmpty()) {
            root.filter(f.terms().field("eventId").matchingAny(filter.eventIds()));
        }
        if (!filter.kinds().isEmpty()) {
            root.filter(f.terms().field("kind").matchingAny(filter.kinds().stream().map(Enum::name).toList()));
        }
        if (!filter.topics().isEmpty()) {
            root.filter(f.terms().field("topics").matchingAny(filter.topics()));
        }
        if (filter.from() != null || filter.to() != null) {
            root.filter(f.range().field("statedOn").between(filter.from(), filter.to()));
        }
        if (filter.language() != null) {
            String language = filter.language().toLowerCase(Locale.ROOT);
            root.filter(f.or(f.match().field("language").matching(language),
                    f.wildcard().field("language").matching(language + "-*")));
        }
        if (filter.publisher() != null) {
            root.filter(f.match().field("publishersLower").matching(filter.publisher()));
        }
        return root.toPredicate();
    }

    /** The facets of a search, and how many documents it matches. */
    private record Counted(long total, Map<Facet, List<FacetCount>> facets) {}

    private Counted countFacets(SearchPredicate predicate, Set<Facet> asked) {
        // Hibernate Search's own translation of the predicate into the Lucene query it runs for the hits (an SPI
        // it keeps for code that drives Lucene directly), so the counts are of exactly the documents found.
        Query query = LuceneMigrationUtils.toLuceneQuery(predicate);
        return index.readLucene(reader -> {
            FacetsCollector matching = LuceneFacets.matching(reader, query);
            Map<Facet, List<FacetCount>> facets = new EnumMap<>(Facet.class);
            for (Facet facet : asked) {
                facets.put(facet, facet == Facet.YEAR
                        ? LuceneFacets.countNumbers(matching, "year", FACET_SIZE)
                        : luceneFacets.countValues(reader, matching, FACET_FIELDS.get(facet), FACET_SIZE));
            }
            return new Counted(matching.getMatchingDocs().stream().mapToLong(docs -> docs.totalHits).sum(), facets);
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

    /**
     * The statement a document holds; null for one indexed before documents held it, or held in a form this version
     * no longer reads, which is then read from the database.
     */
    private StatementResponse shown(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, StatementResponse.class);
        } catch (JsonProcessingException e) {
            return null;
        }
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
