package org.verbatim.search;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Before the service starts: an index on disk whose segment files have garbage written over them, a file that holds
 * the rebuild after its first batch (the test deletes it), and a log file to read what the service said.
 */
public class CorruptIndexResource implements QuarkusTestResourceLifecycleManager {

    private Path root;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("verbatim-index-recovery");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path index = root.resolve("index").resolve(StatementDocument.INDEX);
        LuceneIndexes.write(index, 300);
        LuceneIndexes.segmentFiles(index).forEach(file -> LuceneIndexes.overwrite(file, 0, 4096));
        Path hold = root.resolve("hold-rebuild");
        try {
            Files.createFile(hold);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "verbatim.search.backend", "lucene",
                "verbatim.search.directory", "local-filesystem",
                "verbatim.search.index-dir", root.resolve("index").toString(),
                "verbatim.search.rebuild-at-start", "background",
                "verbatim.search.rebuild-hold-file", hold.toString(),
                "quarkus.log.file.enabled", "true",
                "quarkus.log.file.path", root.resolve("service.log").toString());
    }

    @Override
    public void stop() {
        if (root != null) {
            IndexDirectoryCheck.delete(root);
        }
    }
}
