package org.verbatim.statement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.verbatim.common.error.ApiException;

/**
 * How statements are written by an export. NDJSON: one statement per line, as the API returns it but with its
 * speaker, organisation and event in full ({@link ExportedStatement}). CSV (RFC 4180, UTF-8, header row): one
 * statement per row; {@code topics} joined by {@code |}, {@code sources} as a JSON array.
 */
enum ExportFormat {
    NDJSON("application/x-ndjson", "ndjson"),
    CSV("text/csv", "csv");

    static final List<String> CSV_COLUMNS = List.of("id", "text", "kind", "speakerId", "speakerName", "speakerRole",
            "onBehalfOfId", "onBehalfOfName", "statedOn", "eventId", "eventName", "context", "language", "topics",
            "sources", "version", "createdAt", "updatedAt");

    final String mediaType;
    final String extension;

    ExportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    static ExportFormat parse(String value) {
        if (value == null || value.isBlank()) {
            return NDJSON;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("format", "'" + value + "' is not one of [ndjson, csv]");
        }
    }

    /** A sink writing each statement to {@code out}; the CSV header is written at once. */
    Consumer<ExportedStatement> writer(Writer out, ObjectMapper mapper) {
        if (this == CSV) {
            write(out, String.join(",", CSV_COLUMNS) + "\r\n");
            return statement -> write(out, csvRow(statement, mapper));
        }
        return statement -> write(out, json(mapper, statement) + "\n");
    }

    private static String csvRow(ExportedStatement s, ObjectMapper mapper) {
        List<Object> values = java.util.Arrays.asList(s.id(), s.text(), s.kind(), s.speakerId(), s.speaker().name(),
                s.speakerRole(), s.onBehalfOfId(), s.onBehalfOf() == null ? null : s.onBehalfOf().name(), s.statedOn(),
                s.eventId(), s.event().name(), s.context(), s.language(), String.join("|", s.topics()),
                json(mapper, s.sources()), s.version(), s.createdAt(), s.updatedAt());
        StringBuilder row = new StringBuilder();
        for (Object value : values) {
            if (!row.isEmpty()) {
                row.append(',');
            }
            row.append(csvField(value == null ? "" : value.toString()));
        }
        return row.append("\r\n").toString();
    }

    static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    private static String json(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Writer out, String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
