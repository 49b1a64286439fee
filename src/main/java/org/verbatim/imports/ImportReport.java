package org.verbatim.imports;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What an import did, or has done so far while it runs. */
@Schema(name = "Import", description = "An import: its progress while it runs, then its result.")
public record ImportReport(
        @Schema(examples = "0196c3a2-1c2d-7e3f-8a4b-5c6d7e8f9a0b") String id,
        @Schema(description = "RUNNING while the body is read; COMPLETED when every line was read (some may have"
                + " failed); ROLLED_BACK when an atomic import stored nothing because a line failed; ABORTED when"
                + " the body could not be read to its end, or the service stopped while the import ran (what was"
                + " committed before stays; `message` says which).",
                examples = "COMPLETED") ImportStatus status,
        @Schema(examples = "ndjson") String format,
        @Schema(description = "Whether nothing is stored unless every line can be.", examples = "false")
        boolean atomic,
        @Schema(examples = "editor") String startedBy,
        @Schema(examples = "2025-05-12T09:30:00Z") Instant startedAt,
        @Schema(examples = "2025-05-12T09:30:04Z") Instant finishedAt,
        @Schema(description = "Lines read so far, blank lines and the CSV header not counted.", examples = "9")
        long lines,
        @Schema(description = "Statements created.", examples = "7") long created,
        @Schema(description = "Lines that were a statement already stored and added a source or a longer text to"
                + " it.", examples = "1") long merged,
        @Schema(description = "Lines that were a statement already stored, with nothing new.", examples = "0")
        long unchanged,
        @Schema(description = "Lines that could not be stored.", examples = "1") long failed,
        @Schema(description = "Why the import stopped, when it did not complete.") String message,
        @Schema(description = "The failed lines (the first " + Importer.MAX_LISTED_FAILURES + "), each invalid"
                + " field on an entry of its own.")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        List<LineFailure> failures) {

    /** One thing wrong with one line, in the API's problem vocabulary. */
    @Schema(name = "ImportFailure")
    public record LineFailure(
            @Schema(description = "Line number in the body, from 1 (the CSV header is line 1).", examples = "3")
            long line,
            @Schema(description = "The problem type, as in problem documents.",
                    examples = "urn:verbatim:problem:validation-failed") String type,
            @Schema(description = "The field of the record, when one field is at fault.", examples = "sources[0].url")
            String field,
            @Schema(examples = "must be an http or https URL") String message) {}

    ImportReport withFailures(List<LineFailure> lineFailures) {
        return new ImportReport(id, status, format, atomic, startedBy, startedAt, finishedAt, lines, created, merged,
                unchanged, failed, message, lineFailures);
    }
}
