package org.verbatim.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.jboss.logging.Logger;

/**
 * Looks at a Lucene index directory before Hibernate Search opens it, which would refuse to start on a damaged one:
 * missing, or intact (its last commit opens and every file's checksum matches), or unusable, with what was found.
 *
 * <p>Reading every checksum reads the whole index, which grows with it (0.3 s for 1,000,000 statements). Lucene never
 * changes a file once written, so a record of the files known intact (checked in full, or written by this service)
 * spares the next start that read: a file whose size, inode and change time are still those recorded is only opened,
 * the others are read in full. Anything written to a file since, even its modification time put back, changes its
 * change time.
 */
final class IndexDirectoryCheck {

    private static final Logger LOG = Logger.getLogger(IndexDirectoryCheck.class);

    enum State {
        /** No directory, or one without a single index file: a new index. */
        MISSING,
        INTACT,
        /** Files are there but do not make a readable index: truncated, overwritten, partly deleted, too old. */
        UNUSABLE
    }

    /**
     * {@code documents} only when intact; {@code finding} says what was found, for the log; {@code readInFull} is how
     * many of the files were read for their checksums (the others were recorded as intact and have not changed).
     */
    record Result(State state, long documents, int readInFull, String finding) {}

    private IndexDirectoryCheck() {}

    /** Checks every file in full. */
    static Result check(Path path) {
        return check(path, null);
    }

    /** Checks the files that {@code record} (may be null or missing) does not vouch for in full. */
    static Result check(Path path, Path record) {
        if (!Files.exists(path)) {
            return new Result(State.MISSING, 0, 0, "there is no directory " + path);
        }
        if (!Files.isDirectory(path)) {
            return new Result(State.UNUSABLE, 0, 0, path + " is not a directory");
        }
        try (FSDirectory directory = FSDirectory.open(path)) {
            String[] files = directory.listAll();
            long indexFiles = Arrays.stream(files).filter(name -> !name.equals(IndexWriter.WRITE_LOCK_NAME)).count();
            if (indexFiles == 0) {
                return new Result(State.MISSING, 0, 0, path + " is empty");
            }
            if (SegmentInfos.getLastCommitGeneration(files) < 0) {
                return new Result(State.UNUSABLE, 0, 0,
                        path + " holds " + indexFiles + " files but no commit point (segments_N)");
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                // Opening reads the commit point, the headers and the footers; the checksums also find damage in
                // between. A file read in full is in the file cache for the first searches too.
                Map<String, String> known = read(record);
                Collection<String> commit = reader.getIndexCommit().getFileNames();
                int readInFull = 0;
                for (String name : commit) {
                    try (IndexInput input = directory.openInput(name, IOContext.READONCE)) {
                        if (known.containsKey(name) && known.get(name).equals(identity(path.resolve(name)))) {
                            CodecUtil.retrieveChecksum(input);
                        } else {
                            CodecUtil.checksumEntireFile(input);
                            readInFull++;
                        }
                    }
                }
                return new Result(State.INTACT, reader.numDocs(), readInFull, path + " holds " + reader.numDocs()
                        + " documents; " + readInFull + " of its " + commit.size() + " files read in full");
            }
        } catch (IOException | RuntimeException e) {
            // CorruptIndexException, IndexFormatTooOldException, NoSuchFileException, EOFException, or garbage
            // that Lucene fails to parse in some other way.
            return new Result(State.UNUSABLE, 0, 0, path + " cannot be read: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
    }

    /**
     * Records the files of the index's last commit as intact, for the next check: call it once they have been
     * checked, or written and committed by this service. Nothing is recorded where the file system cannot tell a
     * file's inode and change time.
     */
    static void record(Path path, Path record) {
        if (!Files.isDirectory(path)) {
            deleteRecord(record); // and no directory made: opening one creates it
            return;
        }
        try (FSDirectory directory = FSDirectory.open(path)) {
            StringBuilder lines = new StringBuilder();
            for (String name : SegmentInfos.readLatestCommit(directory).files(true)) {
                String identity = identity(path.resolve(name));
                if (identity == null) {
                    deleteRecord(record);
                    return;
                }
                lines.append(name).append('\t').append(identity).append('\n');
            }
            Path written = record.resolveSibling(record.getFileName() + ".tmp");
            Files.writeString(written, lines);
            Files.move(written, record, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Without a record the next start reads every file: slower, never wrong.
            LOG.debugf(e, "No record of the intact files of %s", path);
            deleteRecord(record);
        }
    }

    /** Removes the record: the next check reads every file. */
    static void deleteRecord(Path record) {
        try {
            Files.deleteIfExists(record);
        } catch (IOException e) {
            LOG.warnf(e, "Could not delete %s", record);
        }
    }

    /**
     * A file's size, inode and change time: any write to it, or its replacement, changes one of them. Null where the
     * file system does not tell them.
     */
    private static String identity(Path file) throws IOException {
        try {
            Map<String, Object> unix = Files.readAttributes(file, "unix:size,ino,ctime");
            return unix.get("size") + "\t" + unix.get("ino") + "\t"
                    + ((FileTime) unix.get("ctime")).to(TimeUnit.NANOSECONDS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Map<String, String> read(Path record) {
        Map<String, String> known = new HashMap<>();
        if (record == null || !Files.isRegularFile(record)) {
            return known;
        }
        try {
            for (String line : Files.readAllLines(record)) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    known.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        } catch (IOException e) {
            LOG.debugf(e, "Could not read %s: every file is read in full", record);
            known.clear();
        }
        return known;
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
