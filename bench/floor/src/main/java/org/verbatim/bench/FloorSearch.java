package org.verbatim.bench;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.LongValueFacetCounts;
import org.apache.lucene.facet.StringDocValuesReaderState;
import org.apache.lucene.facet.StringValueFacetCounts;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexOrDocValuesQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiCollectorManager;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.highlight.Highlighter;
import org.apache.lucene.search.highlight.InvalidTokenOffsetsException;
import org.apache.lucene.search.highlight.QueryScorer;
import org.apache.lucene.search.highlight.SimpleHTMLEncoder;
import org.apache.lucene.search.highlight.SimpleHTMLFormatter;
import org.apache.lucene.search.highlight.SimpleSpanFragmenter;
import org.apache.lucene.search.highlight.TextFragment;

/**
 * One search request of the service, {@code GET /api/v1/statements?q=...}, answered on plain Lucene the way the
 * service's {@code IndexedStatementSearch} asks Hibernate Search to: the simple query string over the English text,
 * the other-language text and (boosted 0.3) who said it where, with every word required; the filters; the top 20
 * by BM25 score then id, with an exact total; each hit's text highlighted by the plain highlighter (fragment of 400
 * characters, HTML-escaped, mark tags); and the facets the request names, top 20 values each.
 */
final class FloorSearch {

    static final int PAGE = 20;
    private static final int SNIPPET_LENGTH = 400;
    private static final int FACET_SIZE = 20;
    private static final Sort RELEVANCE = new Sort(SortField.FIELD_SCORE,
            new SortField(FloorIndex.SORT_ID, SortField.Type.STRING));
    private static final int OPERATORS = SimpleQueryParser.AND_OPERATOR | SimpleQueryParser.OR_OPERATOR
            | SimpleQueryParser.NOT_OPERATOR | SimpleQueryParser.PHRASE_OPERATOR | SimpleQueryParser.PREFIX_OPERATOR
            | SimpleQueryParser.PRECEDENCE_OPERATORS | SimpleQueryParser.WHITESPACE_OPERATOR;
    /**
     * Words and "phrases" only: the service's query translation passes these through unchanged, so no copy of it
     * is needed here; anything else is refused rather than answered differently.
     */
    private static final Pattern PLAIN = Pattern.compile("[\\p{L}\\p{N}\" ]+");

    private final IndexSearcher searcher;
    private final Analyzer analyzer;
    private final Map<String, Float> weights = new LinkedHashMap<>();
    /** Per-reader state of the string facets (its ordinal map), built once as a long-lived searcher would. */
    private final Map<String, StringDocValuesReaderState> facetStates = new HashMap<>();

    FloorSearch(DirectoryReader reader) throws IOException {
        this.searcher = new IndexSearcher(reader);   // no executor: one thread per query, as in the service
        this.analyzer = FloorIndex.perField();
        weights.put(FloorIndex.TEXT_ENGLISH, 1f);
        weights.put(FloorIndex.TEXT_OTHER, 1f);
        weights.put(FloorIndex.ABOUT, 0.3f);
        for (String field : FloorIndex.FACET_FIELDS.values()) {
            facetStates.put(field, new StringDocValuesReaderState(reader, field));
        }
    }

    /** A request of the shared query list: the path and query string the service is sent. */
    record Request(String path, String text, String speakerId, LocalDate from, LocalDate to, List<String> facets) {

        static Request parse(String path) {
            int question = path.indexOf('?');
            if (question < 0 || !path.substring(0, question).equals("/api/v1/statements")) {
                throw new IllegalArgumentException("not a statement search: " + path);
            }
            String text = null;
            String speakerId = null;
            LocalDate from = null;
            LocalDate to = null;
            List<String> facets = List.of();
            for (String pair : path.substring(question + 1).split("&")) {
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq);
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                switch (name) {
                    case "q" -> text = value;
                    case "speakerId" -> speakerId = value;
                    case "from" -> from = LocalDate.parse(value);
                    case "to" -> to = LocalDate.parse(value);
                    case "facets" -> facets = List.of(value.split(","));
                    default -> throw new IllegalArgumentException("parameter unknown to the floor: " + name);
                }
            }
            if (text == null || !PLAIN.matcher(text).matches() || text.chars().filter(c -> c == '"').count() % 2 == 1) {
                throw new IllegalArgumentException("q must be words and quoted phrases: " + path);
            }
            return new Request(path, text, speakerId, from, to, facets);
        }
    }

    record Result(long total, List<String> ids, List<String> highlights, Map<String, List<LabelAndValue>> facets) {}

    Result search(Request request) throws IOException {
        SimpleQueryParser parser = new SimpleQueryParser(analyzer, weights, OPERATORS);
        parser.setDefaultOperator(BooleanClause.Occur.MUST);
        BooleanQuery.Builder where = new BooleanQuery.Builder();
        where.add(parser.parse(request.text()), BooleanClause.Occur.MUST);
        if (request.speakerId() != null) {
            where.add(new TermQuery(new Term("speakerId", request.speakerId())), BooleanClause.Occur.MUST);
        }
        if (request.from() != null || request.to() != null) {
            long from = request.from() == null ? Long.MIN_VALUE : request.from().toEpochDay();
            long to = request.to() == null ? Long.MAX_VALUE : request.to().toEpochDay();
            where.add(new IndexOrDocValuesQuery(LongPoint.newRangeQuery(FloorIndex.STATED_ON, from, to),
                    SortedNumericDocValuesField.newSlowRangeQuery(FloorIndex.STATED_ON, from, to)),
                    BooleanClause.Occur.MUST);
        }
        Query query = where.build();

        // Exact totals: no threshold on the hits counted.
        TopFieldCollectorManager top = new TopFieldCollectorManager(RELEVANCE, PAGE, null, Integer.MAX_VALUE);
        TopFieldDocs docs;
        FacetsCollector matching = null;
        if (request.facets().isEmpty()) {
            docs = searcher.search(query, top);
        } else {
            Object[] both = searcher.search(query, new MultiCollectorManager(top, new FacetsCollectorManager()));
            docs = (TopFieldDocs) both[0];
            matching = (FacetsCollector) both[1];
        }

        List<String> ids = new ArrayList<>(docs.scoreDocs.length);
        List<String> highlights = new ArrayList<>(docs.scoreDocs.length);
        Highlighter english = highlighter(query, FloorIndex.TEXT_ENGLISH);
        Highlighter other = highlighter(query, FloorIndex.TEXT_OTHER);
        StoredFields stored = searcher.storedFields();
        Set<String> wanted = Set.of(FloorIndex.ID, FloorIndex.TEXT_ENGLISH, FloorIndex.TEXT_OTHER);
        for (ScoreDoc hit : docs.scoreDocs) {
            Document doc = stored.document(hit.doc, wanted);
            ids.add(doc.get(FloorIndex.ID));
            String snippet = highlight(english, FloorIndex.TEXT_ENGLISH, doc.get(FloorIndex.TEXT_ENGLISH));
            highlights.add(snippet != null ? snippet
                    : highlight(other, FloorIndex.TEXT_OTHER, doc.get(FloorIndex.TEXT_OTHER)));
        }

        Map<String, List<LabelAndValue>> facets = new LinkedHashMap<>();
        for (String facet : request.facets()) {
            FacetResult counted;
            if (facet.equals("year")) {
                counted = new LongValueFacetCounts(FloorIndex.YEAR, matching).getTopChildren(FACET_SIZE, FloorIndex.YEAR);
            } else {
                String field = FloorIndex.FACET_FIELDS.get(facet);
                if (field == null) {
                    throw new IllegalArgumentException("facet unknown to the floor: " + facet);
                }
                counted = new StringValueFacetCounts(facetStates.get(field), matching).getTopChildren(FACET_SIZE, field);
            }
            facets.put(facet, counted == null ? List.of() : List.of(counted.labelValues));
        }
        return new Result(docs.totalHits.value, ids, highlights, facets);
    }

    /** The service's plain highlighter: span fragmenter, one fragment, HTML-escaped, mark tags. */
    private static Highlighter highlighter(Query query, String field) {
        QueryScorer scorer = new QueryScorer(query, field);
        scorer.setExpandMultiTermQuery(true);
        Highlighter highlighter = new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"),
                new SimpleHTMLEncoder(), scorer);
        highlighter.setTextFragmenter(new SimpleSpanFragmenter(scorer, SNIPPET_LENGTH));
        return highlighter;
    }

    /** The best fragment, or with no match the start of the text, as the service's no-match size asks. */
    private String highlight(Highlighter highlighter, String field, String text) throws IOException {
        if (text == null) {
            return null;
        }
        try {
            for (TextFragment fragment : highlighter.getBestTextFragments(analyzer.tokenStream(field, text), text,
                    false, 1)) {
                if (fragment != null && fragment.getScore() > 0) {
                    return fragment.toString();
                }
            }
        } catch (InvalidTokenOffsetsException e) {
            throw new IOException(e);
        }
        return text.substring(0, Math.min(SNIPPET_LENGTH, text.length()));
    }
}
