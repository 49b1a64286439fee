package org.verbatim.statement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;
import org.verbatim.common.db.Jdbc;
import org.verbatim.event.EventKind;
import org.verbatim.event.EventSummary;
import org.verbatim.event.ExportedEvent;
import org.verbatim.speaker.SpeakerKind;
import org.verbatim.speaker.SpeakerResponse;
import org.verbatim.speaker.SpeakerSummary;

/**
 * Reads statements as a reader sees them, with their speaker, organisation, event, topics and sources, straight from
 * their rows: three queries (the statements with the summaries of their speakers and event, their topics, their
 * sources) for one statement, a chunk of an export, or a batch for the search index, which keeps them as shown.
 * These are the most frequent reads and the longest: loaded as entities, most of their time went to Hibernate
 * rather than to the database.
 */
@ApplicationScoped
public class StatementReads {

    private static final String SELECT = "select s.id, s.text, s.kind, s.speaker_id, sp.name, sp.kind,"
            + " s.speaker_role, s.on_behalf_of_id, ob.name, ob.kind, s.stated_on, s.event_id, e.name, e.kind,"
            + " e.start_date, s.context, s.language, s.source_count, s.first_published_on, s.version, s.created_at,"
            + " s.updated_at, s.deleted_at from statement s join speaker sp on sp.id = s.speaker_id"
            + " left join speaker ob on ob.id = s.on_behalf_of_id join event e on e.id = s.event_id where s.id";
    private static final String TOPICS = "select statement_id, topic from statement_topic where statement_id";
    private static final String SOURCES = "select statement_id, publisher, url, author, published_on"
            + " from statement_source where statement_id";
    /** The column of deleted_at in {@link #SELECT}. */
    private static final int DELETED_AT = 23;
    private static final String IN_ORDER = " order by statement_id, list_index";

    private static final String ID_RANGE = " > ? and s.id <= ?";
    private static final String STATEMENT_ID_RANGE = " > ? and statement_id <= ?";

    private final EntityManager entityManager;
    private final StatementRepository statements;

    StatementReads(EntityManager entityManager, StatementRepository statements) {
        this.entityManager = entityManager;
        this.statements = statements;
    }

    /** The statement with this id, unless there is none or it is deleted. */
    Optional<StatementResponse> find(String id) {
        return Optional.ofNullable(mapByIds(List.of(id)).get(id));
    }

    /** The statements with these ids, by id; ids that name nothing or a deleted statement are left out. */
    public Map<String, StatementResponse> mapByIds(Collection<String> ids) {
        Map<String, StatementResponse> responses = new HashMap<>();
        withIds(ids).forEach((id, row) -> responses.put(id, row.response()));
        return responses;
    }

    /**
     * The statements with these ids, by id, as an export writes them; ids that name nothing or a deleted statement
     * are left out. Their speakers and events come from {@code references}, which reads those it lacks.
     */
    Map<String, ExportedStatement> exportedByIds(Collection<String> ids, ExportReferences references) {
        return exported(withIds(ids), references);
    }

    /**
     * The same for every statement of the id range after {@code afterId} up to {@code lastId}: an export without a
     * filter reads its chunks so, each table by a range of its primary key.
     */
    Map<String, ExportedStatement> exportedInRange(String afterId, String lastId, ExportReferences references) {
        return exported(rows(List.of(afterId, lastId), ID_RANGE, STATEMENT_ID_RANGE), references);
    }

    /**
     * The next {@code limit} statements that are not deleted after {@code afterId}, in id order, read as an export
     * without a filter reads them: a rebuild of the search index goes through them all so.
     */
    public List<StatementResponse> liveAfter(String afterId, int limit) {
        for (String after = afterId; ; ) {
            List<String> ids = statements.idsAfter(StatementFilter.none(), after, limit);
            if (ids.isEmpty()) {
                return List.of();
            }
            String last = ids.get(ids.size() - 1);
            List<StatementResponse> live = rows(List.of(after, last), ID_RANGE, STATEMENT_ID_RANGE).values().stream()
                    .map(Row::response).toList();
            if (!live.isEmpty()) {
                return live;
            }
            // Every one of them deleted meanwhile: an empty answer would end the caller's reading early.
            after = last;
        }
    }

    private static Map<String, ExportedStatement> exported(Map<String, Row> rows, ExportReferences references) {
        Map<String, SpeakerResponse> speakers = references.speakers(
                rows.values().stream().flatMap(row -> row.speakerIds().stream()).distinct().toList());
        Map<String, ExportedEvent> events = references.events(
                rows.values().stream().map(row -> row.event().id()).distinct().toList());
        Map<String, ExportedStatement> exported = new LinkedHashMap<>();
        rows.forEach((id, row) -> exported.put(id, row.exported(speakers, events)));
        return exported;
    }

    private Map<String, Row> withIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<String> params = padded(List.copyOf(ids));
        String in = Jdbc.in(params.size());
        return rows(params, in, in);
    }

    /**
     * The statements whose id meets {@code statementCondition}, with the topics and sources whose statement_id
     * meets {@code childCondition}, both with these parameters. Deleted ones are left out after reading rather than
     * in the query: given "deleted_at is null" as well, H2 reads every live statement through the index on
     * deleted_at instead of these by primary key.
     */
    private Map<String, Row> rows(List<String> params, String statementCondition, String childCondition) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            Map<String, List<String>> topics = grouped(connection, TOPICS + childCondition + IN_ORDER, params,
                    rows -> rows.getString(2));
            Map<String, List<SourceDto>> sources = grouped(connection, SOURCES + childCondition + IN_ORDER, params,
                    rows -> new SourceDto(rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getObject(5, LocalDate.class)));
            Map<String, Row> statements = new LinkedHashMap<>();
            try (PreparedStatement select = Jdbc.prepare(connection, SELECT + statementCondition + " order by s.id",
                    params); ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (rows.getObject(DELETED_AT) == null) {
                        String id = rows.getString(1);
                        statements.put(id, row(rows, topics.getOrDefault(id, List.of()),
                                sources.getOrDefault(id, List.of())));
                    }
                }
            }
            return statements;
        });
    }

    /** A statement's row, with its topics and sources. */
    private record Row(String id, String text, StatementKind kind, SpeakerSummary speaker, String speakerRole,
            SpeakerSummary onBehalfOf, LocalDate statedOn, EventSummary event, String context, String language,
            List<String> topics, List<SourceDto> sources, int sourceCount, LocalDate firstPublishedOn, long version,
            Instant createdAt, Instant updatedAt) {

        StatementResponse response() {
            return new StatementResponse(id, text, kind, speaker.id(), speaker, speakerRole, idOf(onBehalfOf),
                    onBehalfOf, statedOn, event.id(), event, context, language, topics, sources, sourceCount,
                    firstPublishedOn, version, createdAt, updatedAt, null);
        }

        ExportedStatement exported(Map<String, SpeakerResponse> speakers, Map<String, ExportedEvent> events) {
            return new ExportedStatement(id, text, kind, speaker.id(), speakers.get(speaker.id()), speakerRole,
                    idOf(onBehalfOf), onBehalfOf == null ? null : speakers.get(onBehalfOf.id()), statedOn,
                    event.id(), events.get(event.id()), context, language, topics, sources, sourceCount,
                    firstPublishedOn, version, createdAt, updatedAt);
        }

        List<String> speakerIds() {
            return onBehalfOf == null ? List.of(speaker.id()) : List.of(speaker.id(), onBehalfOf.id());
        }

        private static String idOf(SpeakerSummary speaker) {
            return speaker == null ? null : speaker.id();
        }
    }

    private static Row row(ResultSet rows, List<String> topics, List<SourceDto> sources) throws SQLException {
        String onBehalfOfId = rows.getString(8);
        return new Row(rows.getString(1), rows.getString(2), StatementKind.valueOf(rows.getString(3)),
                new SpeakerSummary(rows.getString(4), rows.getString(5), SpeakerKind.valueOf(rows.getString(6))),
                rows.getString(7), onBehalfOfId == null ? null
                        : new SpeakerSummary(onBehalfOfId, rows.getString(9), SpeakerKind.valueOf(rows.getString(10))),
                rows.getObject(11, LocalDate.class),
                new EventSummary(rows.getString(12), rows.getString(13), EventKind.valueOf(rows.getString(14)),
                        rows.getObject(15, LocalDate.class)),
                rows.getString(16), rows.getString(17), topics, sources, rows.getInt(18),
                rows.getObject(19, LocalDate.class), rows.getLong(20), instant(rows, 21), instant(rows, 22));
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        return rows.getObject(column, OffsetDateTime.class).toInstant();
    }

    private interface Column<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** The rows of a query whose first column is a statement id, as lists by that id. */
    private static <T> Map<String, List<T>> grouped(Connection connection, String sql, List<String> params,
            Column<T> column) throws SQLException {
        Map<String, List<T>> grouped = new HashMap<>();
        try (PreparedStatement select = Jdbc.prepare(connection, sql, params);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                grouped.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(column.read(rows));
            }
        }
        return grouped;
    }

    /**
     * The ids, the last repeated up to the next power of two, so that the queries come in a few shapes only, which
     * the database parses and plans once and then finds in its cache of prepared statements.
     */
    static List<String> padded(List<String> ids) {
        int size = Integer.highestOneBit(ids.size());
        if (size == ids.size()) {
            return ids;
        }
        List<String> padded = new ArrayList<>(ids);
        while (padded.size() < size * 2) {
            padded.add(ids.get(ids.size() - 1));
        }
        return padded;
    }
}
