package org.verbatim.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.verbatim.common.error.ApiException;
import org.verbatim.common.error.ProblemType;

/** Reads an import body record by record, never more than one record in memory. */
abstract class RecordReader {

    /** The longest NDJSON line read; a statement with the longest text and many sources fits well below it. */
    static final int MAX_LINE_BYTES = 4 << 20;

    /** A record read from line {@code number}, or why it could not be read. */
    record Line(long number, ImportRecord record, Exception error) {}

    /** The next record, or null at the end of the body. */
    abstract Line next() throws IOException;

    private IOException broken;

    /**
     * Up to {@code size} records; empty at the end of the body. A body that breaks off (malformed, cut) still
     * yields the records read before the break, and the failure comes with the next call.
     */
    List<Line> nextBatch(int size) throws IOException {
        if (broken != null) {
            throw broken;
        }
        List<Line> batch = new ArrayList<>(size);
        try {
            Line line;
            while (batch.size() < size && (line = next()) != null) {
                batch.add(line);
            }
        } catch (IOException e) {
            if (batch.isEmpty()) {
                throw e;
            }
            broken = e;
        }
        return batch;
    }

    static RecordReader open(ImportFormat format, InputStream body, ObjectMapper mapper) throws IOException {
        if (format == ImportFormat.NDJSON) {
            return new Ndjson(body, mapper);
        }
        return new Csv(new InputStreamReader(body, utf8()), mapper);
    }

    /** A decoder that refuses malformed UTF-8 rather than replacing it. */
    private static CharsetDecoder utf8() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /**
     * One JSON object per line; blank lines are skipped. Lines are split on bytes (a line feed never occurs inside
     * a UTF-8 sequence) and decoded one by one, so that a line that is not UTF-8 fails alone.
     */
    static final class Ndjson extends RecordReader {

        private final InputStream in;
        private final ObjectReader records;
        private final CharsetDecoder decoder = utf8();
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final byte[] buffer = new byte[8192];
        private int position;
        private int limit;
        private long number;

        Ndjson(InputStream in, ObjectMapper mapper) {
            this.in = in;
            this.records = mapper.readerFor(ImportRecord.class);
        }

        @Override
        Line next() throws IOException {
            while (true) {
                Boolean complete = readLine();
                if (complete == null) {
                    return null;
                }
                number++;
                if (!complete) {
                    return new Line(number, null, ApiException.invalid("$",
                            "the line is longer than " + MAX_LINE_BYTES + " bytes"));
                }
                String text;
                try {
                    text = decoder.reset().decode(ByteBuffer.wrap(line.toByteArray())).toString();
                } catch (CharacterCodingException e) {
                    return new Line(number, null, new ApiException(ProblemType.MALFORMED_REQUEST,
                            "The line is not valid UTF-8."));
                }
                if (text.isBlank()) {
                    continue;
                }
                try {
                    return new Line(number, records.readValue(text), null);
                } catch (JsonProcessingException e) {
                    return new Line(number, null, e);
                }
            }
        }

        /** Reads up to the next line feed: true for a line, false for one cut at the limit, null at the end. */
        private Boolean readLine() throws IOException {
            line.reset();
            boolean any = false;
            boolean tooLong = false;
            while (true) {
                if (position == limit) {
                    limit = in.read(buffer);
                    position = 0;
                    if (limit < 0) {
                        limit = 0;
                        return any ? !tooLong : null;
                    }
                }
                any = true;
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                if (!tooLong) {
                    line.write(buffer, start, position - start);
                    if (line.size() > MAX_LINE_BYTES) {
                        tooLong = true;
                        line.reset();
                    }
                }
                if (position < limit) {
                    position++;
                    return !tooLong;
                }
            }
        }
    }

    /**
     * A header row, then one statement per row. Speakers and events are named by id, or described by their name and
     * kind (and start date for events); {@code topics} are joined by {@code |}, {@code sources} is a JSON array.
     */
    static final class Csv extends RecordReader {

        static final List<String> COLUMNS = List.of("externalId", "id", "text", "kind", "speakerId", "speakerName",
                "speakerKind", "speakerWikidataId", "speakerRole", "onBehalfOfId", "onBehalfOfName", "statedOn",
                "eventId", "eventName", "eventKind", "eventStartDate", "context", "language", "topics", "sources");
        /** Read-only columns of an export, accepted and ignored. */
        static final Set<String> IGNORED = Set.of("version", "createdAt", "updatedAt", "sourceCount",
                "firstPublishedOn");

        private final ObjectMapper mapper;
        private final MappingIterator<Map<String, String>> rows;

        Csv(Reader in, ObjectMapper mapper) throws IOException {
            this.mapper = mapper;
            CsvMapper csv = new CsvMapper();
            this.rows = csv.readerFor(Map.class)
                    .with(CsvSchema.emptySchema().withHeader().withStrictHeaders(false))
                    .with(CsvParser.Feature.FAIL_ON_MISSING_HEADER_COLUMNS)
                    .readValues(in);
            checkHeader(((CsvParser) rows.getParser()).getSchema());
        }

        private static void checkHeader(CsvSchema schema) {
            List<String> names = new ArrayList<>();
            schema.forEach(column -> names.add(column.getName()));
            List<String> unknown = names.stream().filter(n -> !COLUMNS.contains(n) && !IGNORED.contains(n)).toList();
            if (!unknown.isEmpty()) {
                throw ApiException.invalid("header", "unknown column(s) " + unknown + "; the columns are "
                        + COLUMNS);
            }
            if (!names.contains("text")) {
                throw ApiException.invalid("header", "needs a text column; the columns are " + COLUMNS);
            }
        }

        @Override
        Line next() throws IOException {
            if (!rows.hasNextValue()) {
                return null;
            }
            long number = rows.getCurrentLocation().getLineNr();
            Map<String, String> row = rows.nextValue();
            try {
                return new Line(number, mapper.treeToValue(toJson(row), ImportRecord.class), null);
            } catch (JsonProcessingException | ApiException e) {
                return new Line(number, null, e);
            }
        }

        private ObjectNode toJson(Map<String, String> row) {
            ObjectNode record = mapper.createObjectNode();
            for (String column : List.of("externalId", "id", "text", "kind", "speakerRole", "statedOn", "context",
                    "language")) {
                put(record, column, row.get(column));
            }
            ObjectNode speaker = inline(row, "speakerId", Map.of("name", "speakerName", "kind", "speakerKind",
                    "wikidataId", "speakerWikidataId"));
            if (speaker != null) {
                record.set("speaker", speaker);
            } else {
                put(record, "speakerId", row.get("speakerId"));
            }
            ObjectNode onBehalfOf = inline(row, "onBehalfOfId", Map.of("name", "onBehalfOfName"));
            if (onBehalfOf != null) {
                onBehalfOf.put("kind", "ORGANIZATION");
                record.set("onBehalfOf", onBehalfOf);
            } else {
                put(record, "onBehalfOfId", row.get("onBehalfOfId"));
            }
            ObjectNode event = inline(row, "eventId", Map.of("name", "eventName", "kind", "eventKind",
                    "startDate", "eventStartDate"));
            if (event != null) {
                record.set("event", event);
            } else {
                put(record, "eventId", row.get("eventId"));
            }
            String topics = blankToNull(row.get("topics"));
            if (topics != null) {
                ArrayNode list = record.putArray("topics");
                for (String topic : topics.split("\\|")) {
                    if (!topic.isBlank()) {
                        list.add(topic.strip());
                    }
                }
            }
            String sources = blankToNull(row.get("sources"));
            if (sources != null) {
                try {
                    JsonNode parsed = mapper.readTree(sources);
                    record.set("sources", parsed);
                } catch (JsonProcessingException e) {
                    throw ApiException.invalid("sources", "must be a JSON array of sources");
                }
            }
            return record;
        }

        /** The inline object of a reference when any of its described columns is filled in, otherwise null. */
        private ObjectNode inline(Map<String, String> row, String idColumn, Map<String, String> fields) {
            if (fields.values().stream().allMatch(column -> blankToNull(row.get(column)) == null)) {
                return null;
            }
            ObjectNode inline = mapper.createObjectNode();
            put(inline, "id", row.get(idColumn));
            fields.forEach((field, column) -> put(inline, field, row.get(column)));
            return inline;
        }

        private static void put(ObjectNode node, String field, String value) {
            String text = blankToNull(value);
            if (text != null) {
                node.put(field, text);
            }
        }

        private static String blankToNull(String value) {
            return value == null || value.isEmpty() ? null : value;
        }
    }
}
