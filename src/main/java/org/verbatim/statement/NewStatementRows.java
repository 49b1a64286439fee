package org.verbatim.statement;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.hibernate.Session;
import org.hibernate.envers.AuditReaderFactory;
import org.verbatim.common.history.RevisionInfo;

/**
 * Writes new statements, with their topics, sources and first revision, in plain JDBC batches. An import creates
 * thousands at a time, and persisting them as entities (and having Envers audit each) costs most of its time. The
 * rows are those Hibernate and Envers would write: the revision is the transaction's own, as Envers opens it, so that
 * speakers and events created in the same transaction share it, and {@code ImportResourceTest} reads the history
 * back through Envers.
 */
final class NewStatementRows {

    private static final String STATEMENT_COLUMNS = "id, text, kind, speaker_id, speaker_role, on_behalf_of_id,"
            + " stated_on, event_id, context, language, text_key, source_count, first_published_on, version,"
            + " created_at, updated_at";
    private static final String VALUES = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
    /** Envers' revision type of an insertion. */
    private static final int ADDED = 0;

    private final EntityManager entityManager;

    NewStatementRows(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Inserts the statements, none of them stored yet, after the speakers and events they refer to. Those {@code
     * merged} since they were created are at version 1, as Hibernate would have inserted, then updated them.
     */
    void insert(List<Statement> statements, Set<String> merged) {
        if (statements.isEmpty()) {
            return;
        }
        long revision = AuditReaderFactory.get(entityManager).getCurrentRevision(RevisionInfo.class, true).getId();
        entityManager.unwrap(Session.class).doWork(connection -> {
            insertStatements(connection, statements, "insert into statement (" + STATEMENT_COLUMNS
                    + ", deleted_at) values (" + VALUES + ", null)", merged, null);
            insertTopics(connection, statements, "insert into statement_topic (statement_id, list_index, topic)"
                    + " values (?, ?, ?)", null);
            insertSources(connection, statements, "insert into statement_source (statement_id, list_index,"
                    + " publisher, url, author, published_on) values (?, ?, ?, ?, ?, ?)", null);
            insertStatements(connection, statements, "insert into statement_aud (" + STATEMENT_COLUMNS
                    + ", deleted_at, deleted_at_mod, rev, revtype) values (" + VALUES + ", null, false, ?, "
                    + ADDED + ")", merged, revision);
            insertTopics(connection, statements, "insert into statement_topic_aud (statement_id, list_index, topic,"
                    + " rev, revtype) values (?, ?, ?, ?, " + ADDED + ")", revision);
            insertSources(connection, statements, "insert into statement_source_aud (statement_id, list_index,"
                    + " publisher, url, author, published_on, rev, revtype) values (?, ?, ?, ?, ?, ?, ?, "
                    + ADDED + ")", revision);
        });
    }

    /** With {@code revision}, the audit rows; without, the rows themselves. Likewise below. */
    private static void insertStatements(Connection connection, List<Statement> statements, String sql,
            Set<String> merged, Long revision) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (Statement s : statements) {
                insert.setString(1, s.getId());
                insert.setString(2, s.getText());
                insert.setString(3, s.getKind().name());
                insert.setString(4, s.getSpeaker().getId());
                insert.setString(5, s.getSpeakerRole());
                insert.setString(6, s.getOnBehalfOf() == null ? null : s.getOnBehalfOf().getId());
                setDate(insert, 7, s.getStatedOn());
                insert.setString(8, s.getEvent().getId());
                insert.setString(9, s.getContext());
                insert.setString(10, s.getLanguage());
                insert.setString(11, s.getTextKey());
                insert.setInt(12, s.getSourceCount());
                setDate(insert, 13, s.getFirstPublishedOn());
                insert.setLong(14, merged.contains(s.getId()) ? 1 : 0);
                setInstant(insert, 15, s.getCreatedAt());
                setInstant(insert, 16, s.getUpdatedAt());
                if (revision != null) {
                    insert.setLong(17, revision);
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void insertTopics(Connection connection, List<Statement> statements, String sql, Long revision)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (Statement s : statements) {
                for (int i = 0; i < s.getTopics().size(); i++) {
                    insert.setString(1, s.getId());
                    insert.setInt(2, i);
                    insert.setString(3, s.getTopics().get(i));
                    if (revision != null) {
                        insert.setLong(4, revision);
                    }
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private static void insertSources(Connection connection, List<Statement> statements, String sql, Long revision)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (Statement s : statements) {
                for (int i = 0; i < s.getSources().size(); i++) {
                    Source source = s.getSources().get(i);
                    insert.setString(1, s.getId());
                    insert.setInt(2, i);
                    insert.setString(3, source.getPublisher());
                    insert.setString(4, source.getUrl());
                    insert.setString(5, source.getAuthor());
                    setDate(insert, 6, source.getPublishedOn());
                    if (revision != null) {
                        insert.setLong(7, revision);
                    }
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private static void setDate(PreparedStatement insert, int index, LocalDate date) throws SQLException {
        if (date == null) {
            insert.setNull(index, Types.DATE);
        } else {
            insert.setObject(index, date);
        }
    }

    private static void setInstant(PreparedStatement insert, int index, Instant instant) throws SQLException {
        insert.setObject(index, instant.atOffset(ZoneOffset.UTC));
    }
}
