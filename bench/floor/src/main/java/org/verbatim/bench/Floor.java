package org.verbatim.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;

/**
 * The floor of the search benchmark: what the service's searches cost on plain Lucene, in-process, one thread, with
 * no HTTP, no framework and no database. Indexes the generated NDJSON, then runs the search shapes of the shared
 * query list (the same requests that bench/run.sh sends the service), each for a while after a warm-up, and writes
 * the latency percentiles per shape.
 *
 * <pre>
 * java -jar floor.jar --data statements.ndjson --queries queries.tsv --index /tmp/floor-index \
 *     [--warmup 5] [--duration 10] [--out floor.tsv] [--totals floor-totals.tsv] [--index-out floor-index.tsv]
 * </pre>
 */
public final class Floor {

    private Floor() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path data = Path.of(required(options, "data"));
        Path queries = Path.of(required(options, "queries"));
        Path indexDir = Path.of(required(options, "index"));
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "5"));
        double duration = Double.parseDouble(options.getOrDefault("duration", "10"));

        deleteRecursively(indexDir);
        Files.createDirectories(indexDir);
        FloorIndex.Stats stats = FloorIndex.build(data, indexDir);
        long indexBytes;
        try (Stream<Path> files = Files.list(indexDir)) {
            indexBytes = files.mapToLong(file -> file.toFile().length()).sum();
        }
        double perSecond = stats.statements() / stats.indexSeconds();
        System.out.printf(Locale.ROOT, "floor: indexed %d statements (%d merged sources) in %.1f s: %.0f statements/s,"
                        + " index %d MiB (reading the merges first: %.1f s)%n", stats.statements(), stats.merged(),
                stats.indexSeconds(), perSecond, indexBytes >> 20, stats.readMergesSeconds());
        if (options.containsKey("index-out")) {
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(options.get("index-out"))))) {
                out.printf(Locale.ROOT, "statements\t%d%nmerged_sources\t%d%nseconds\t%.2f%nstatements_per_s\t%.0f%n"
                        + "index_mib\t%d%n", stats.statements(), stats.merged(), stats.indexSeconds(), perSecond,
                        indexBytes >> 20);
            }
        }

        Map<String, List<FloorSearch.Request>> shapes = searchShapes(queries);
        try (FSDirectory dir = FSDirectory.open(indexDir); DirectoryReader reader = DirectoryReader.open(dir)) {
            System.out.printf("floor: %d segments, %d documents%n", reader.leaves().size(), reader.numDocs());
            if (options.containsKey("index-out")) {
                Files.writeString(Path.of(options.get("index-out")), "segments\t" + reader.leaves().size() + "\n",
                        StandardOpenOption.APPEND);
            }
            FloorSearch search = new FloorSearch(reader);

            // Each distinct request once: the totals, to be compared with the service's answers to the same.
            Map<String, Long> totals = new LinkedHashMap<>();
            for (List<FloorSearch.Request> requests : shapes.values()) {
                for (FloorSearch.Request request : requests) {
                    if (!totals.containsKey(request.path())) {
                        totals.put(request.path(), search.search(request).total());
                    }
                }
            }
            if (options.containsKey("totals")) {
                try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(options.get("totals"))))) {
                    totals.forEach((path, total) -> out.println(path + "\t" + total));
                }
            }

            for (Map.Entry<String, List<FloorSearch.Request>> shape : shapes.entrySet()) {
                run(search, shape.getValue(), warmup);
            }
            List<String> rows = new ArrayList<>();
            rows.add("shape\trequests\tp50_ms\tp95_ms\tp99_ms\tmean_ms\trequests_per_s\tmean_total");
            for (Map.Entry<String, List<FloorSearch.Request>> shape : shapes.entrySet()) {
                Run run = run(search, shape.getValue(), duration);
                double meanTotal = shape.getValue().stream().mapToLong(r -> totals.get(r.path())).average().orElse(0);
                System.out.printf(Locale.ROOT, "floor: %-9s %7d requests  p50 %7.3f ms  p95 %7.3f ms  p99 %7.3f ms"
                                + "  %8.1f requests/s  mean total %.0f%n", shape.getKey(), run.latencies.length,
                        run.percentile(50), run.percentile(95), run.percentile(99), run.perSecond(), meanTotal);
                rows.add(String.format(Locale.ROOT, "%s\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.1f\t%.0f", shape.getKey(),
                        run.latencies.length, run.percentile(50), run.percentile(95), run.percentile(99),
                        run.mean(), run.perSecond(), meanTotal));
            }
            if (options.containsKey("out")) {
                Files.write(Path.of(options.get("out")), rows, StandardCharsets.UTF_8);
            }
        }
    }

    /** The search shapes of the shared query list ({@code shape TAB path} a line), in their order there. */
    static Map<String, List<FloorSearch.Request>> searchShapes(Path queries) throws IOException {
        Map<String, List<FloorSearch.Request>> shapes = new LinkedHashMap<>();
        for (String line : Files.readAllLines(queries, StandardCharsets.UTF_8)) {
            String[] columns = line.split("\t");
            if (columns.length == 2 && columns[1].startsWith("/api/v1/statements?") && columns[1].contains("q=")) {
                shapes.computeIfAbsent(columns[0], k -> new ArrayList<>()).add(FloorSearch.Request.parse(columns[1]));
            }
        }
        if (shapes.isEmpty()) {
            throw new IllegalArgumentException("no search requests in " + queries);
        }
        return shapes;
    }

    /** Requests drawn at random from the list, one after the other, for this many seconds, as wrk does. */
    private static Run run(FloorSearch search, List<FloorSearch.Request> requests, double seconds) throws IOException {
        Random random = new Random(42);
        long[] latencies = new long[1024];
        int n = 0;
        long sink = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now = start;
        while (now < end) {
            FloorSearch.Request request = requests.get(random.nextInt(requests.size()));
            long t0 = System.nanoTime();
            FloorSearch.Result result = search.search(request);
            now = System.nanoTime();
            sink += result.total() + result.highlights().size() + result.facets().size();
            if (n == latencies.length) {
                latencies = Arrays.copyOf(latencies, n * 2);
            }
            latencies[n++] = now - t0;
        }
        if (sink == Long.MIN_VALUE) {
            System.out.println(sink);   // keeps the work observable
        }
        long[] done = Arrays.copyOf(latencies, n);
        Arrays.sort(done);
        return new Run(done, (now - start) / 1e9);
    }

    private record Run(long[] latencies, double seconds) {

        double percentile(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100 * latencies.length);
            return latencies[Math.max(0, rank - 1)] / 1e6;
        }

        double mean() {
            return Arrays.stream(latencies).average().orElse(Double.NaN) / 1e6;
        }

        double perSecond() {
            return latencies.length / seconds;
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                usage();
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            usage();
        }
        return value;
    }

    private static void usage() {
        System.err.println("usage: java -jar floor.jar --data statements.ndjson --queries queries.tsv --index DIR"
                + " [--warmup SECONDS] [--duration SECONDS] [--out floor.tsv] [--totals totals.tsv]"
                + " [--index-out index.tsv]");
        System.exit(2);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
