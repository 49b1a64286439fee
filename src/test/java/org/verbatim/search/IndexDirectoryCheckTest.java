package org.verbatim.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.verbatim.search.IndexDirectoryCheck.Result;
import org.verbatim.search.IndexDirectoryCheck.State;

/** The check that runs before the index is opened, on real index directories damaged in the ways that happen. */
class IndexDirectoryCheckTest {

    private static final int DOCUMENTS = 400;

    @TempDir
    Path root;

    private Path index;

    @BeforeEach
    void writeIndex() {
        index = root.resolve("statements");
        LuceneIndexes.write(index, DOCUMENTS);
    }

    @Test
    void anIntactIndexIsUsedWithItsDocuments() {
        Result result = IndexDirectoryCheck.check(index);
        assertEquals(State.INTACT, result.state(), result.finding());
        assertEquals(DOCUMENTS, result.documents());
    }

    @Test
    void filesRecordedAsIntactAreOpenedButNotReadAgain() {
        Path record = root.resolve("statements.intact");
        Result first = IndexDirectoryCheck.check(index, record);
        assertEquals(LuceneIndexes.files(index).size(), first.readInFull(), first.finding());
        IndexDirectoryCheck.record(index, record);

        Result second = IndexDirectoryCheck.check(index, record);
        assertEquals(State.INTACT, second.state(), second.finding());
        assertEquals(DOCUMENTS, second.documents());
        assertEquals(0, second.readInFull(), second.finding());
    }

    @Test
    void aRecordedFileWrittenSinceIsReadAgainEvenWithItsModificationTimePutBack() throws Exception {
        Path record = root.resolve("statements.intact");
        IndexDirectoryCheck.record(index, record);
        Path largest = LuceneIndexes.largest(index);
        FileTime modified = Files.getLastModifiedTime(largest);
        Thread.sleep(20); // file times move in clock ticks of a few milliseconds
        LuceneIndexes.overwrite(largest, LuceneIndexes.size(largest) / 2, 64);
        Files.setLastModifiedTime(largest, modified);
        assertUnusable(IndexDirectoryCheck.check(index, record));
    }

    @Test
    void aRecordedFileReplacedByAnotherOfTheSameSizeIsReadAgain() throws IOException {
        Path record = root.resolve("statements.intact");
        IndexDirectoryCheck.record(index, record);
        Path largest = LuceneIndexes.largest(index);
        Path copy = Files.copy(largest, root.resolve("copy"));
        LuceneIndexes.overwrite(copy, LuceneIndexes.size(copy) / 2, 64);
        Files.move(copy, largest, StandardCopyOption.REPLACE_EXISTING);
        assertUnusable(IndexDirectoryCheck.check(index, record));
    }

    @Test
    void aRecordOfAnIndexSinceRebuiltUnderTheSameFileNamesVouchesForNothing() throws Exception {
        Path record = root.resolve("statements.intact");
        IndexDirectoryCheck.record(index, record);
        IndexDirectoryCheck.delete(index);
        Thread.sleep(20); // file times move in clock ticks of a few milliseconds
        LuceneIndexes.write(index, DOCUMENTS); // the same names again: _0.cfs, segments_N, …
        Path largest = LuceneIndexes.largest(index);
        LuceneIndexes.overwrite(largest, LuceneIndexes.size(largest) / 2, 64);
        assertUnusable(IndexDirectoryCheck.check(index, record));
    }

    @Test
    void nothingIsRecordedForAnIndexThatIsNotThere() throws IOException {
        Path record = Files.writeString(root.resolve("statements.intact"), "stale\n");
        IndexDirectoryCheck.record(root.resolve("nothing-here"), record);
        assertFalse(Files.exists(record));
        assertFalse(Files.exists(root.resolve("nothing-here")));
    }

    @Test
    void aRecordThatMakesNoSenseLeavesEveryFileToBeRead() throws IOException {
        Path record = Files.writeString(root.resolve("statements.intact"), "garbage\n\tmore garbage\n");
        Result result = IndexDirectoryCheck.check(index, record);
        assertEquals(State.INTACT, result.state(), result.finding());
        assertEquals(LuceneIndexes.files(index).size(), result.readInFull(), result.finding());
    }

    @Test
    void noDirectoryOrAnEmptyOneIsANewIndex() throws IOException {
        assertEquals(State.MISSING, IndexDirectoryCheck.check(root.resolve("nothing-here")).state());
        Path empty = Files.createDirectory(root.resolve("empty"));
        assertEquals(State.MISSING, IndexDirectoryCheck.check(empty).state());
        Files.createFile(empty.resolve("write.lock"));
        assertEquals(State.MISSING, IndexDirectoryCheck.check(empty).state());
    }

    @Test
    void truncatedFilesAreFound() {
        LuceneIndexes.files(index).forEach(LuceneIndexes::truncateToHalf);
        assertUnusable(IndexDirectoryCheck.check(index));
    }

    @Test
    void filesTruncatedToNothingAreFound() {
        LuceneIndexes.files(index).forEach(file -> LuceneIndexes.truncate(file, 0));
        assertUnusable(IndexDirectoryCheck.check(index));
    }

    @Test
    void oneTruncatedSegmentFileIsFound() {
        LuceneIndexes.truncateToHalf(LuceneIndexes.largest(index));
        assertUnusable(IndexDirectoryCheck.check(index));
    }

    @Test
    void garbageOverTheSegmentFilesIsFound() {
        LuceneIndexes.segmentFiles(index).forEach(file -> LuceneIndexes.overwrite(file, 0, 4096));
        assertUnusable(IndexDirectoryCheck.check(index));
    }

    @Test
    void garbageInTheMiddleOfADataFileIsFoundByItsChecksum() {
        Path largest = LuceneIndexes.largest(index);
        LuceneIndexes.overwrite(largest, LuceneIndexes.size(largest) / 2, 64);
        assertUnusable(IndexDirectoryCheck.check(index));
    }

    @Test
    void garbageOverTheCommitPointIsFound() {
        LuceneIndexes.files(index).stream().filter(file -> file.getFileName().toString().startsWith("segments_"))
                .forEach(file -> LuceneIndexes.overwrite(file, 0, 4096));
        assertUnusable(IndexDirectoryCheck.check(index));
    }

    @Test
    void aHalfDeletedDirectoryIsFound() {
        // Deleted in name order, as rm -r may: the segment files go, the commit point stays.
        var segments = LuceneIndexes.segmentFiles(index);
        segments.subList(0, segments.size() / 2).forEach(LuceneIndexes::delete);
        assertUnusable(IndexDirectoryCheck.check(index));
    }

    @Test
    void segmentsWithoutACommitPointAreFound() {
        LuceneIndexes.files(index).stream().filter(file -> file.getFileName().toString().startsWith("segments_"))
                .forEach(LuceneIndexes::delete);
        Result result = assertUnusable(IndexDirectoryCheck.check(index));
        assertTrue(result.finding().contains("no commit point"), result.finding());
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsFound() throws IOException {
        Path file = Files.writeString(root.resolve("not-a-directory"), "x");
        assertUnusable(IndexDirectoryCheck.check(file));
    }

    @Test
    void discardingRemovesTheWholeDirectory() {
        LuceneIndexes.files(index).forEach(LuceneIndexes::truncateToHalf);
        IndexDirectoryCheck.delete(index);
        assertFalse(Files.exists(index));
        assertEquals(State.MISSING, IndexDirectoryCheck.check(index).state());
        IndexDirectoryCheck.delete(index);
    }

    private static Result assertUnusable(Result result) {
        assertEquals(State.UNUSABLE, result.state(), result.finding());
        assertEquals(0, result.documents());
        return result;
    }
}
