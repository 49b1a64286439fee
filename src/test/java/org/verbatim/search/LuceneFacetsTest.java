package org.verbatim.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.verbatim.statement.FullTextSearch.FacetCount;

/** Facet counts against a plain count of the same documents, on indexes of one and of many segments. */
class LuceneFacetsTest {

    private record Doc(String id, String colour, List<String> tags, int year) {}

    private final Random random = new Random(7);
    private final List<Doc> docs = new ArrayList<>();
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;

    LuceneFacetsTest() throws IOException {
        // No merges: the segments stay as written, so the ordinal map across them is exercised.
        writer = new IndexWriter(directory, new IndexWriterConfig(new StandardAnalyzer())
                .setMergePolicy(NoMergePolicy.INSTANCE));
    }

    @AfterEach
    void close() throws IOException {
        writer.close();
        directory.close();
    }

    @Test
    void countsEqualAPlainCountOnOneSegmentAndOnMany() throws IOException {
        LuceneFacets facets = new LuceneFacets();
        add(200, 1);
        check(facets, new MatchAllDocsQuery(), d -> true);
        add(300, 12);
        check(facets, new MatchAllDocsQuery(), d -> true);
        check(facets, new TermQuery(new Term("colour", "red")), d -> d.colour().equals("red"));
        // Deleted documents count no more, and a new segment makes a new ordinal map.
        writer.deleteDocuments(new Term("colour", "blue"));
        docs.removeIf(d -> d.colour().equals("blue"));
        add(50, 3);
        check(facets, new MatchAllDocsQuery(), d -> true);
        check(facets, new TermQuery(new Term("tag", "t3")), d -> d.tags().contains("t3"));
    }

    @Test
    void nothingMatchedCountsNothing() throws IOException {
        add(40, 4);
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            var matching = LuceneFacets.matching(reader, new TermQuery(new Term("colour", "none")));
            assertEquals(List.of(), new LuceneFacets().countValues(reader, matching, "colourValue", 5));
            assertEquals(List.of(), LuceneFacets.countNumbers(matching, "year", 5));
        }
    }

    private void add(int count, int segments) throws IOException {
        String[] colours = {"red", "green", "blue", "black", "white", "grey"};
        for (int i = 0; i < count; i++) {
            // Skewed draws, so that counts differ and some tie.
            String colour = colours[Math.min(random.nextInt(colours.length), random.nextInt(colours.length))];
            List<String> tags = new ArrayList<>();
            for (int t = 0; t < random.nextInt(4); t++) {
                tags.add("t" + random.nextInt(30));
            }
            Doc doc = new Doc("d" + docs.size(), colour, tags, 2000 + random.nextInt(5));
            docs.add(doc);
            Document document = new Document();
            document.add(new StringField("id", doc.id(), Field.Store.NO));
            document.add(new StringField("colour", colour, Field.Store.NO));
            document.add(new SortedSetDocValuesField("colourValue", new BytesRef(colour)));
            for (String tag : tags) {
                document.add(new StringField("tag", tag, Field.Store.NO));
                document.add(new SortedSetDocValuesField("tagValue", new BytesRef(tag)));
            }
            document.add(new SortedNumericDocValuesField("year", doc.year()));
            writer.addDocument(document);
            if ((i + 1) % Math.max(1, count / segments) == 0) {
                writer.flush();
            }
        }
        writer.commit();
    }

    private void check(LuceneFacets facets, Query query, Predicate<Doc> matches)
            throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            List<Doc> matched = docs.stream().filter(matches).toList();
            var matching = LuceneFacets.matching(reader, query);
            for (int size : new int[] {3, 100}) {
                assertEquals(expected(matched, d -> List.of(d.colour()), size),
                        facets.countValues(reader, matching, "colourValue", size), "colours, top " + size);
                assertEquals(expected(matched, d -> d.tags().stream().distinct().toList(), size),
                        facets.countValues(reader, matching, "tagValue", size), "tags, top " + size);
                assertEquals(expected(matched, d -> List.of(String.valueOf(d.year())), size),
                        LuceneFacets.countNumbers(matching, "year", size), "years, top " + size);
            }
        }
    }

    /** Most frequent first, ties in value order. */
    private static List<FacetCount> expected(List<Doc> matched, Function<Doc, List<String>> values, int size) {
        Map<String, Long> counts = new TreeMap<>();
        matched.forEach(d -> values.apply(d).forEach(v -> counts.merge(v, 1L, Long::sum)));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(size)
                .map(e -> new FacetCount(e.getKey(), e.getValue()))
                .toList();
    }
}
