package org.verbatim.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollector.MatchingDocs;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.LongValueFacetCounts;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.OrdinalMap;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.LongValues;
import org.apache.lucene.util.packed.PackedInts;
import org.verbatim.statement.FullTextSearch.FacetCount;

/**
 * Facet counts on the embedded Lucene index. Hibernate Search's terms aggregation maps every segment's values to
 * one numbering again on each request, which on a large index costs many times the search itself; here that map
 * is built once per index reader and kept until the index changes, as Lucene's own facet counting does.
 * The most frequent values come first, ties in value order, as the aggregations of either backend give them.
 */
final class LuceneFacets {

    /** A field's map of segment ordinals to global ones, for the segments it was built from. */
    private record Ordinals(List<Object> segments, OrdinalMap map) {}

    private final Map<String, Ordinals> ordinals = new ConcurrentHashMap<>();

    /** The documents the query matches, to count facets on. */
    static FacetsCollector matching(IndexReader reader, Query query) throws IOException {
        return new IndexSearcher(reader).search(query, new FacetsCollectorManager());
    }

    /** The {@code size} most frequent values of a keyword field among the matching documents. */
    List<FacetCount> countValues(IndexReader reader, FacetsCollector matching, String field, int size)
            throws IOException {
        OrdinalMap map = ordinalMap(reader, field);
        long[] counts = new long[Math.toIntExact(map == null
                ? valueCount(reader, field) : map.getValueCount())];
        for (MatchingDocs hits : matching.getMatchingDocs()) {
            SortedSetDocValues values = DocValues.getSortedSet(hits.context.reader(), field);
            LongValues toGlobal = map == null ? LongValues.IDENTITY : map.getGlobalOrds(hits.context.ord);
            DocIdSetIterator docs = iterator(hits);
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                if (values.advanceExact(doc)) {
                    for (int i = values.docValueCount(); i > 0; i--) {
                        counts[(int) toGlobal.get(values.nextOrd())]++;
                    }
                }
            }
        }
        List<FacetCount> top = new ArrayList<>();
        for (int ord : top(counts, size)) {
            top.add(new FacetCount(label(reader, map, field, ord), counts[ord]));
        }
        return top;
    }

    /** The {@code size} most frequent values of a numeric field among the matching documents. */
    static List<FacetCount> countNumbers(FacetsCollector matching, String field, int size) throws IOException {
        FacetResult top = new LongValueFacetCounts(field, matching).getTopChildren(size, field);
        return top == null ? List.of() : Arrays.stream(top.labelValues)
                .map(value -> new FacetCount(value.label, value.value.longValue()))
                .toList();
    }

    private static DocIdSetIterator iterator(MatchingDocs hits) throws IOException {
        DocIdSetIterator docs = hits.bits.iterator();
        return docs == null ? DocIdSetIterator.empty() : docs;
    }

    /** Null when the reader has at most one segment, whose own ordinals are then the global ones. */
    private OrdinalMap ordinalMap(IndexReader reader, String field) throws IOException {
        List<LeafReaderContext> leaves = reader.leaves();
        if (leaves.size() <= 1) {
            return null;
        }
        List<Object> segments = new ArrayList<>(leaves.size());
        for (LeafReaderContext leaf : leaves) {
            IndexReader.CacheHelper helper = leaf.reader().getCoreCacheHelper();
            segments.add(helper == null ? new Object() : helper.getKey());  // a reader without a key is never reused
        }
        Ordinals cached = ordinals.get(field);
        if (cached != null && cached.segments().equals(segments)) {
            return cached.map();
        }
        SortedSetDocValues[] values = new SortedSetDocValues[leaves.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = DocValues.getSortedSet(leaves.get(i).reader(), field);
        }
        OrdinalMap map = OrdinalMap.build(null, values, PackedInts.DEFAULT);
        ordinals.put(field, new Ordinals(segments, map));
        return map;
    }

    private static long valueCount(IndexReader reader, String field) throws IOException {
        List<LeafReaderContext> leaves = reader.leaves();
        return leaves.isEmpty() ? 0 : DocValues.getSortedSet(leaves.get(0).reader(), field).getValueCount();
    }

    private static String label(IndexReader reader, OrdinalMap map, String field, int ord) throws IOException {
        int segment = map == null ? 0 : map.getFirstSegmentNumber(ord);
        long segmentOrd = map == null ? ord : map.getFirstSegmentOrd(ord);
        return DocValues.getSortedSet(reader.leaves().get(segment).reader(), field).lookupOrd(segmentOrd)
                .utf8ToString();
    }

    /** The ordinals of the highest counts above zero, highest first, then lowest ordinal (value order) first. */
    private static List<Integer> top(long[] counts, int size) {
        Comparator<Integer> better = Comparator.<Integer>comparingLong(ord -> counts[ord]).reversed()
                .thenComparing(Comparator.naturalOrder());
        PriorityQueue<Integer> kept = new PriorityQueue<>(better.reversed());
        for (int ord = 0; ord < counts.length; ord++) {
            if (counts[ord] > 0 && (kept.size() < size || better.compare(ord, kept.peek()) < 0)) {
                kept.add(ord);
                if (kept.size() > size) {
                    kept.poll();
                }
            }
        }
        List<Integer> top = new ArrayList<>(kept);
        top.sort(better);
        return top;
    }
}
