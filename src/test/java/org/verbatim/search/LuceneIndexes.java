package org.verbatim.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;

/** Real Lucene index directories, intact or damaged the ways a disk, a crash or a person damages them. */
final class LuceneIndexes {

    private LuceneIndexes() {}

    /** An intact index of {@code documents} documents in a few segments, each committed. */
    static void write(Path path, int documents) {
        try (FSDirectory directory = FSDirectory.open(path);
                IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(new StandardAnalyzer()))) {
            for (int i = 0; i < documents; i++) {
                Document document = new Document();
                document.add(new StringField("id", "statement-" + i, Field.Store.YES));
                document.add(new TextField("text", "Statement number " + i + " about peace and diplomacy "
                        + "and a ceasefire that holds, said with some words to fill the segment", Field.Store.YES));
                writer.addDocument(document);
                if (i % 50 == 49) {
                    writer.commit();
                }
            }
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The index's files other than the lock: segment files and commit points. */
    static List<Path> files(Path path) {
        try (Stream<Path> files = Files.list(path)) {
            return files.filter(file -> !file.getFileName().toString().equals("write.lock")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Segment files, without the commit points (segments_N). */
    static List<Path> segmentFiles(Path path) {
        return files(path).stream().filter(file -> file.getFileName().toString().startsWith("_")).toList();
    }

    static Path largest(Path path) {
        return files(path).stream().max(Comparator.comparingLong(LuceneIndexes::size)).orElseThrow();
    }

    static void truncateToHalf(Path file) {
        truncate(file, size(file) / 2);
    }

    static void truncate(Path file, long length) {
        try (var channel = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
            channel.truncate(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Random bytes written over {@code length} bytes of the file from {@code offset}, its size unchanged. */
    static void overwrite(Path file, long offset, int length) {
        byte[] garbage = new byte[(int) Math.min(length, size(file) - offset)];
        new Random(offset + length).nextBytes(garbage);
        try (var channel = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
            channel.position(offset);
            channel.write(java.nio.ByteBuffer.wrap(garbage));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
