package org.verbatim.search;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.hibernate.Session;
import org.verbatim.common.db.Jdbc;

/**
 * Reads what the index holds of statements straight from their rows, in three queries per batch: the statements with
 * the names of their speakers and events, their topics, their sources. A rebuild reads every statement: loaded as
 * entities, with their speakers, events and collections, the reading took ~30 % of its time. Callers run it inside
 * a transaction.
 */
@ApplicationScoped
class StatementRows {

    // Names by subqueries rather than joins, so that the database reads statements first, in the order asked for.
    private static final String SELECT = "select s.id, s.text, s.kind, s.language, s.context, s.speaker_id,"
            + " (select name from speaker where id = s.speaker_id), s.on_behalf_of_id,"
            + " (select name from speaker where id = s.on_behalf_of_id), s.event_id,"
            + " (select name from event where id = s.event_id), s.stated_on, s.source_count, s.first_published_on,"
            + " s.deleted_at from statement s";
    /** The column of deleted_at in {@link #SELECT}. */
    private static final int DELETED_AT = 15;

    private final EntityManager entityManager;

    StatementRows(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * The next {@code limit} statements that are not deleted with an id after {@code afterId}, by id. Ordered by
     * deleted_at first, which is the same order here (it is null throughout), so that the database reads them in
     * order from the index on (deleted_at, id) rather than sorting what remains for every batch.
     */
    List<StatementDocument> after(String afterId, int limit) {
        return read(connection -> {
            Map<String, StatementDocument> documents = statements(connection, SELECT
                    + " where s.deleted_at is null and s.id > ? order by s.deleted_at, s.id fetch first " + limit
                    + " rows only", List.of(afterId));
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
        String in = Jdbc.in(params.size());
        return read(connection -> {
            // Deleted ones are left out after reading rather than in the query: given "deleted_at is null" as well,
            // H2 reads every live statement through the index on deleted_at instead of these by primary key.
            Map<String, StatementDocument> documents = statements(connection, SELECT + " where s.id" + in, params);
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

    private static Map<String, StatementDocument> statements(Connection connection, String sql, List<String> params)
            throws SQLException {
        Map<String, StatementDocument> documents = new LinkedHashMap<>();
        try (PreparedStatement select = Jdbc.prepare(connection, sql, params);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                if (rows.getObject(DELETED_AT) != null) {
                    continue;
                }
                StatementDocument doc = StatementDocument.of(rows.getString(1), rows.getString(2), rows.getString(3),
                        rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                        rows.getString(8), rows.getString(9), rows.getString(10), rows.getString(11),
                        rows.getObject(12, LocalDate.class), rows.getInt(13), rows.getObject(14, LocalDate.class));
                documents.put(doc.id, doc);
            }
        }
        return documents;
    }

    /** Hands each (statement id, value) row to the statement's document, if it is one of those read. */
    private static void collect(Connection connection, String sql, List<String> params,
            Map<String, StatementDocument> documents, BiConsumer<StatementDocument, String> add) throws SQLException {
        try (PreparedStatement select = Jdbc.prepare(connection, sql, params);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                StatementDocument doc = documents.get(rows.getString(1));
                if (doc != null) {
                    add.accept(doc, rows.getString(2));
                }
            }
        }
    }
}
