package org.verbatim.common.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The history migration on a database that already holds records: each of them starts its history with one revision
 * by {@code system} holding its state. Runs the real migrations, in a schema of its own, on the database the tests
 * use (H2 or PostgreSQL).
 */
class HistoryMigrationTest {

    private static final String SCHEMA = "history_migration_check";
    private static final String HISTORY_VERSION = "4";

    private final String url = System.getProperty("quarkus.datasource.jdbc.url",
            "jdbc:h2:mem:verbatim-test;DB_CLOSE_DELAY=-1");
    private final String user = System.getProperty("quarkus.datasource.username", "verbatim");
    private final String[] locations = System.getProperty("quarkus.flyway.locations",
            "db/migration/common,db/migration/h2").split(",");

    @BeforeEach
    @AfterEach
    void dropSchema() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, "");
                Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists \"" + SCHEMA + "\" cascade");
        }
    }

    private Flyway flyway(Callback... callbacks) {
        return Flyway.configure()
                .dataSource(url, user, "")
                .schemas(SCHEMA)
                .createSchemas(true)
                .locations(locations)
                .callbacks(callbacks)
                .load();
    }

    @Test
    void recordsStoredBeforeHistoryGetABaselineRevision() throws SQLException {
        flyway(new BeforeHistory()).migrate();

        try (Connection connection = connection()) {
            assertEquals(List.of(List.of("system")), rows(connection, "select changed_by from revinfo"));
            String rev = "(select id from revinfo)";
            assertEquals(List.of(List.of("s1", "0", "Marco Rubio", "PERSON", "2")), rows(connection,
                    "select id, revtype, name, kind, version from speaker_aud where rev = " + rev));
            assertEquals(List.of(List.of("s1", "0", "0", "Secretary Rubio")), rows(connection,
                    "select speaker_id, revtype, list_index, alias from speaker_alias_aud where rev = " + rev));
            assertEquals(List.of(List.of("e1", "0", "Phone call", "2025-05-11", "1")), rows(connection,
                    "select id, revtype, name, start_date, version from event_aud where rev = " + rev));
            assertEquals(List.of(List.of("e1", "0", "0", "s1")), rows(connection,
                    "select event_id, revtype, list_index, speaker_id from event_participant_aud where rev = " + rev));
            assertEquals(List.of(Arrays.asList("t1", "0", "We will keep talking", "s1", "e1", "3", null, "no")),
                    rows(connection, "select id, revtype, text, speaker_id, event_id, version, deleted_at,"
                            + " case when deleted_at_mod then 'yes' else 'no' end"
                            + " from statement_aud where rev = " + rev));
            assertEquals(List.of(List.of("t1", "0", "0", "ukraine")), rows(connection,
                    "select statement_id, revtype, list_index, topic from statement_topic_aud where rev = " + rev));
            assertEquals(List.of(List.of("t1", "0", "0", "Kyiv Post", "https://www.kyivpost.com/post/1")),
                    rows(connection, "select statement_id, revtype, list_index, publisher, url"
                            + " from statement_source_aud where rev = " + rev));
            assertEquals(List.of(List.of("1")), rows(connection,
                    "select count(*) from statement where deleted_at is null"));
        }
    }

    @Test
    void anEmptyDatabaseStartsWithoutRevisions() throws SQLException {
        flyway().migrate();
        try (Connection connection = connection()) {
            assertEquals(List.of(List.of("0")), rows(connection, "select count(*) from revinfo"));
        }
    }

    private Connection connection() throws SQLException {
        Connection connection = DriverManager.getConnection(url, user, "");
        connection.setSchema(SCHEMA);
        return connection;
    }

    private static List<List<String>> rows(Connection connection, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Stores one record of each kind just before the history migration runs, as an existing deployment has them. */
    private static final class BeforeHistory implements Callback {

        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.BEFORE_EACH_MIGRATE
                    && context.getMigrationInfo().getVersion().getVersion().equals(HISTORY_VERSION);
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            String now = "timestamp '2025-05-12 09:30:00'";
            List<String> inserts = Arrays.asList(
                    "insert into speaker (id, name, kind, search_text, version, created_at, updated_at)"
                            + " values ('s1', 'Marco Rubio', 'PERSON', 'marco rubio', 2, " + now + ", " + now + ")",
                    "insert into speaker_alias (speaker_id, list_index, alias) values ('s1', 0, 'Secretary Rubio')",
                    "insert into event (id, name, kind, start_date, search_text, version, created_at, updated_at)"
                            + " values ('e1', 'Phone call', 'PHONE_CALL', date '2025-05-11', 'phone call', 1, "
                            + now + ", " + now + ")",
                    "insert into event_participant (event_id, list_index, speaker_id) values ('e1', 0, 's1')",
                    "insert into statement (id, text, kind, speaker_id, stated_on, event_id, language, version,"
                            + " created_at, updated_at) values ('t1', 'We will keep talking', 'QUOTE', 's1',"
                            + " date '2025-05-11', 'e1', 'en', 3, " + now + ", " + now + ")",
                    "insert into statement_topic (statement_id, list_index, topic) values ('t1', 0, 'ukraine')",
                    "insert into statement_source (statement_id, list_index, publisher, url)"
                            + " values ('t1', 0, 'Kyiv Post', 'https://www.kyivpost.com/post/1')");
            try (Statement statement = context.getConnection().createStatement()) {
                for (String insert : inserts) {
                    statement.execute(insert);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String getCallbackName() {
            return "records stored before history";
        }
    }
}
