package org.verbatim.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.FSDirectory;

/**
 * Looks at a Lucene index directory before Hibernate Search opens it, which would refuse to start on a damaged one:
 * missing, or intact (its last commit opens and every file's checksum matches), or unusable, with what was found.
 */
final class IndexDirectoryCheck {

    enum State {
        /** No directory, or one without a single index file: a new index. */
        MISSING,
        INTACT,
        /** Files are there but do not make a readable index: truncated, overwritten, partly deleted, too old. */
        UNUSABLE
    }

    /** {@code documents} only when intact; {@code finding} says what was found, for the log. */
    record Result(State state, long documents, String finding) {}

    private IndexDirectoryCheck() {}

    static Result check(Path path) {
        if (!Files.exists(path)) {
            return new Result(State.MISSING, 0, "there is no directory " + path);
        }
        if (!Files.isDirectory(path)) {
            return new Result(State.UNUSABLE, 0, path + " is not a directory");
        }
        try (FSDirectory directory = FSDirectory.open(path)) {
            String[] files = directory.listAll();
            long indexFiles = Arrays.stream(files).filter(name -> !name.equals(IndexWriter.WRITE_LOCK_NAME)).count();
            if (indexFiles == 0) {
                return new Result(State.MISSING, 0, path + " is empty");
            }
            if (SegmentInfos.getLastCommitGeneration(files) < 0) {
                return new Result(State.UNUSABLE, 0,
                        path + " holds " + indexFiles + " files but no commit point (segments_N)");
            }
            // Reading every file's checksum also finds damage that opening alone misses (it reads headers and
            // footers); it costs one sequential read of the index, which the first searches then find cached.
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                for (LeafReaderContext leaf : reader.leaves()) {
                    leaf.reader().checkIntegrity();
                }
                return new Result(State.INTACT, reader.numDocs(), path + " holds " + reader.numDocs() + " documents");
            }
        } catch (IOException | RuntimeException e) {
            // CorruptIndexException, IndexFormatTooOldException, NoSuchFileException, EOFException, or garbage
            // that Lucene fails to parse in some other way.
            return new Result(State.UNUSABLE, 0, path + " cannot be read: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
    }

    /** Removes the directory and everything in it. */
    static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path each : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the unusable search index at " + path, e);
        }
    }
}
