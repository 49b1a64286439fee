package org.verbatim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.custom.CustomAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.ClasspathResourceLoader;

/**
 * The floor's index: the fields of the service's {@code StatementDocument}, analysed as its {@code SearchAnalysis}
 * does, filled from the generated NDJSON import records the way the import would store them.
 */
final class FloorIndex {

    static final String ID = "id";
    static final String SORT_ID = "sortId";
    static final String TEXT_ENGLISH = "textEnglish";
    static final String TEXT_OTHER = "textOther";
    static final String ABOUT = "about";
    /** Keyword fields counted by the facets, by the service's facet names. */
    static final Map<String, String> FACET_FIELDS = Map.of("speaker", "speakerId", "event", "eventId",
            "kind", "kind", "topic", "topics", "publisher", "publishers");
    static final String YEAR = "year";
    static final String STATED_ON = "statedOn";

    private static final Pattern NOT_WORDS = Pattern.compile("[^\\p{L}\\p{M}\\p{N}]+");
    private static final String QUOTES = "org/verbatim/search/quotes.txt";

    private FloorIndex() {}

    /** The service's english_stemmed analyzer, built from the same Lucene factories by the same names. */
    static Analyzer english() throws IOException {
        return CustomAnalyzer.builder(new ClasspathResourceLoader(FloorIndex.class.getClassLoader()))
                .withTokenizer("standard")
                .addCharFilter("mapping", "mapping", QUOTES)
                .addTokenFilter("englishPossessive")
                .addTokenFilter("lowercase")
                .addTokenFilter("asciiFolding")
                .addTokenFilter("stop")
                .addTokenFilter("porterStem")
                .build();
    }

    /** The service's folded analyzer: names, context and texts in other languages. */
    static Analyzer folded() throws IOException {
        return CustomAnalyzer.builder(new ClasspathResourceLoader(FloorIndex.class.getClassLoader()))
                .withTokenizer("standard")
                .addCharFilter("mapping", "mapping", QUOTES)
                .addTokenFilter("elision")
                .addTokenFilter("lowercase")
                .addTokenFilter("asciiFolding")
                .addTokenFilter("stop")
                .build();
    }

    static Analyzer perField() throws IOException {
        Analyzer folded = folded();
        return new PerFieldAnalyzerWrapper(folded, Map.of(TEXT_ENGLISH, english(), TEXT_OTHER, folded, ABOUT, folded));
    }

    record Stats(long statements, long merged, double readMergesSeconds, double indexSeconds) {}

    /**
     * Indexes the statements of an NDJSON import file, one thread. A line without an id repeats an earlier
     * statement's words from another outlet; the import merges it into that statement as one more source, and so
     * does this, from a first pass over the file that is timed apart from the indexing.
     */
    static Stats build(Path ndjson, Path indexDir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        long t0 = System.nanoTime();
        Map<String, List<JsonNode>> extraSources = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(ndjson, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode record = json.readTree(line);
                if (!record.hasNonNull("id")) {
                    List<JsonNode> sources = extraSources.computeIfAbsent(sameWords(record), k -> new ArrayList<>());
                    record.get("sources").forEach(sources::add);
                }
            }
        }
        long t1 = System.nanoTime();
        long statements = 0;
        long merged = 0;
        IndexWriterConfig config = new IndexWriterConfig(perField()).setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        try (FSDirectory dir = FSDirectory.open(indexDir);
                IndexWriter writer = new IndexWriter(dir, config);
                BufferedReader in = Files.newBufferedReader(ndjson, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode record = json.readTree(line);
                if (!record.hasNonNull("id")) {
                    continue;
                }
                List<JsonNode> sources = new ArrayList<>();
                record.get("sources").forEach(sources::add);
                List<JsonNode> extra = extraSources.remove(sameWords(record));
                if (extra != null) {
                    merged += extra.size();
                    sources.addAll(extra);
                }
                writer.addDocument(document(record, sources));
                statements++;
            }
            writer.commit();
        }
        long t2 = System.nanoTime();
        return new Stats(statements, merged, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }

    /** What makes two import lines the same statement: speaker, day and the words, as the service compares them. */
    private static String sameWords(JsonNode record) {
        String words = Normalizer.normalize(record.get("text").asText(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return record.get("speaker").get("id").asText() + '|' + record.get("statedOn").asText() + '|'
                + NOT_WORDS.matcher(words).replaceAll(" ").strip();
    }

    private static Document document(JsonNode record, List<JsonNode> sources) {
        Document doc = new Document();
        String id = record.get("id").asText();
        doc.add(new StringField(ID, id, Field.Store.YES));
        doc.add(new SortedDocValuesField(SORT_ID, new BytesRef(id)));
        String text = record.get("text").asText();
        String language = record.path("language").asText("en");
        boolean english = language.toLowerCase(Locale.ROOT).startsWith("en");
        doc.add(new TextField(english ? TEXT_ENGLISH : TEXT_OTHER, text, Field.Store.YES));
        JsonNode speaker = record.get("speaker");
        JsonNode event = record.get("event");
        StringBuilder about = new StringBuilder(speaker.get("name").asText());
        if (record.hasNonNull("context")) {
            about.append('\n').append(record.get("context").asText());
        }
        about.append('\n').append(event.get("name").asText());
        doc.add(new TextField(ABOUT, about.toString(), Field.Store.NO));
        keyword(doc, "speakerId", speaker.get("id").asText());
        keyword(doc, "eventId", event.get("id").asText());
        keyword(doc, "kind", record.get("kind").asText());
        record.path("topics").forEach(topic -> keyword(doc, "topics", topic.asText()));
        Set<String> publishers = new LinkedHashSet<>();
        LocalDate firstPublished = null;
        for (JsonNode source : sources) {
            publishers.add(source.get("publisher").asText());
            if (source.hasNonNull("publishedOn")) {
                LocalDate day = LocalDate.parse(source.get("publishedOn").asText());
                firstPublished = firstPublished == null || day.isBefore(firstPublished) ? day : firstPublished;
            }
        }
        for (String publisher : publishers) {
            keyword(doc, "publishers", publisher);
            doc.add(new StringField("publishersLower", publisher.toLowerCase(Locale.ROOT), Field.Store.NO));
        }
        doc.add(new StringField("language", language.toLowerCase(Locale.ROOT), Field.Store.NO));
        LocalDate statedOn = LocalDate.parse(record.get("statedOn").asText());
        day(doc, STATED_ON, statedOn);
        doc.add(new IntPoint(YEAR, statedOn.getYear()));
        doc.add(new SortedNumericDocValuesField(YEAR, statedOn.getYear()));
        doc.add(new IntPoint("sourceCount", sources.size()));
        doc.add(new SortedNumericDocValuesField("sourceCount", sources.size()));
        if (firstPublished != null) {
            day(doc, "firstPublishedOn", firstPublished);
        }
        return doc;
    }

    /** Searchable as a term and counted through doc values, as an aggregable keyword field is. */
    private static void keyword(Document doc, String field, String value) {
        doc.add(new StringField(field, value, Field.Store.NO));
        doc.add(new SortedSetDocValuesField(field, new BytesRef(value)));
    }

    /** A day as its epoch day: points for ranges, doc values for sorts. */
    private static void day(Document doc, String field, LocalDate day) {
        doc.add(new LongPoint(field, day.toEpochDay()));
        doc.add(new SortedNumericDocValuesField(field, day.toEpochDay()));
    }
}
