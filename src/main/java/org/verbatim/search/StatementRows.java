package org.verbatim.search;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.hibernate.Session;

/**
 * Reads what the index holds of statements straight from their rows: the statements, their topics and their sources
 * in a query each, and the names of their speakers and events. A rebuild reads every statement: loaded as entities,
 * with their speakers, events and collections, the reading took ~30 % of its time. Callers run it inside a
 * transaction.
 */
@ApplicationScoped
class StatementRows {

    private static final String SELECT = "select id, text, kind, language, context, speaker_id, on_behalf_of_id,"
            + " event_id, stated_on, source_count, first_published_on, deleted_at from statement";
    /** The column of deleted_at in {@link #SELECT}. */
    private static final int DELETED_AT = 12;

    private final EntityManager entityManager;

    StatementRows(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * The next {@code limit} statements that are not deleted with an id after {@code afterId}, by id. Ordered by
     * deleted_at first, which is the same order here (it is null throughout), so that the database reads them in
     * order from the index on (deleted_at, id) rather than sorting what remains for every batch.
     */
    List<StatementDocument> after(String afterId, int limit, Names names) {
        return read(connection -> {
            Map<String, StatementDocument> documents = statements(connection, SELECT
                    + " where deleted_at is null and id > ? order by deleted_at, id fetch first " + limit
                    + " rows only", List.of(afterId), names);
            if (!documents.isEmpty()) {
                // One range of the primary keys of topics and sources; those of deleted statements are skipped.
                String last = documents.keySet().stream().reduce((first, second) -> second).orElseThrow();
                String range = " where statement_id > ? and statement_id <= ? order by statement_id, list_index";
                collect(connection, "select statement_id, topic from statement_topic" + range,
                        List.of(afterId, last), documents, (doc, topic) -> doc.topics.add(topic));
                collect(connection, "select statement_id, publisher from statement_source" + range,
                        List.of(afterId, last), documents, StatementRows::addPublisher);
            }
            return List.copyOf(documents.values());
        });
    }

    /** The statements with these ids that are stored and not deleted, by id. */
    Map<String, StatementDocument> withIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<String> params = List.copyOf(ids);
        String in = " in (" + String.join(", ", params.stream().map(id -> "?").toList()) + ")";
        return read(connection -> {
            // Deleted ones are left out after reading rather than in the query: given "deleted_at is null" as well,
            // H2 reads every live statement through the index on deleted_at instead of these by primary key.
            Map<String, StatementDocument> documents = statements(connection, SELECT + " where id" + in, params,
                    new Names());
            if (!documents.isEmpty()) {
                String where = " where statement_id" + in + " order by statement_id, list_index";
                collect(connection, "select statement_id, topic from statement_topic" + where, params, documents,
                        (doc, topic) -> doc.topics.add(topic));
                collect(connection, "select statement_id, publisher from statement_source" + where, params,
                        documents, StatementRows::addPublisher);
            }
            return documents;
        });
    }

    private static void addPublisher(StatementDocument doc, String publisher) {
        if (!doc.publishers.contains(publisher)) {
            doc.publishers.add(publisher);
        }
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T read(Work<T> work) {
        return entityManager.unwrap(Session.class).doReturningWork(work::run);
    }

    private static Map<String, StatementDocument> statements(Connection connection, String sql, List<String> params,
            Names names) throws SQLException {
        Map<String, StatementDocument> documents = new LinkedHashMap<>();
        try (PreparedStatement select = prepare(connection, sql, params); ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                if (rows.getObject(DELETED_AT) != null) {
                    continue;
                }
                String speakerId = rows.getString(6);
                String onBehalfOfId = rows.getString(7);
                String eventId = rows.getString(8);
                StatementDocument doc = StatementDocument.of(rows.getString(1), rows.getString(2), rows.getString(3),
                        rows.getString(4), rows.getString(5), speakerId, names.speaker(connection, speakerId),
                        onBehalfOfId, onBehalfOfId == null ? null : names.speaker(connection, onBehalfOfId), eventId,
                        names.event(connection, eventId), rows.getObject(9, LocalDate.class), rows.getInt(10),
                        rows.getObject(11, LocalDate.class));
                documents.put(doc.id, doc);
            }
        }
        return documents;
    }

    /** Hands each (statement id, value) row to the statement's document, if it is one of those read. */
    private static void collect(Connection connection, String sql, List<String> params,
            Map<String, StatementDocument> documents, BiConsumer<StatementDocument, String> add) throws SQLException {
        try (PreparedStatement select = prepare(connection, sql, params); ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                StatementDocument doc = documents.get(rows.getString(1));
                if (doc != null) {
                    add.accept(doc, rows.getString(2));
                }
            }
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<String> params)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < params.size(); i++) {
                statement.setString(i + 1, params.get(i));
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    /**
     * Names of speakers and events by id, each read once by primary key and then remembered: statements share
     * speakers and events, and reading a name for every statement (a random page of a large table each time) took
     * a third of a rebuild's reading. Forgotten all at once past a bound, so that memory stays flat. A name changed
     * meanwhile is no worry: the change's outbox rows are drained after the rebuild.
     */
    static final class Names {

        private static final int BOUND = 100_000;

        private final Map<String, String> speakers = new HashMap<>();
        private final Map<String, String> events = new HashMap<>();

        String speaker(Connection connection, String id) throws SQLException {
            return name(connection, speakers, "select name from speaker where id = ?", id);
        }

        String event(Connection connection, String id) throws SQLException {
            return name(connection, events, "select name from event where id = ?", id);
        }

        private static String name(Connection connection, Map<String, String> known, String sql, String id)
                throws SQLException {
            String name = known.get(id);
            if (name == null) {
                try (PreparedStatement select = prepare(connection, sql, List.of(id));
                        ResultSet rows = select.executeQuery()) {
                    name = rows.next() ? rows.getString(1) : "";
                }
                if (known.size() == BOUND) {
                    known.clear();
                }
                known.put(id, name);
            }
            return name;
        }
    }
}
