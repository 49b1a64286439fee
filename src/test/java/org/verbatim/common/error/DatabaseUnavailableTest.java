package org.verbatim.common.error;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.quarkus.arc.ArcUndeclaredThrowableException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.RollbackException;
import java.net.ServerSocket;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Properties;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.GenericJDBCException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which failures mean "the database cannot be reached" (503), and which are something else (their own answer). */
class DatabaseUnavailableTest {

    @Test
    void aRefusedPostgresqlConnection() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Properties credentials = new Properties();
        credentials.setProperty("user", "nobody");
        SQLException refused = assertThrows(SQLException.class, () -> new org.postgresql.Driver()
                .connect("jdbc:postgresql://127.0.0.1:" + closedPort + "/none", credentials));
        assertTrue(DatabaseUnavailable.isCause(refused), refused.getSQLState());
        // As Hibernate reports it, and as it reaches the REST layer from a transactional method.
        JDBCConnectionException hibernate = new JDBCConnectionException("Unable to acquire JDBC Connection", refused);
        assertTrue(DatabaseUnavailable.isCause(hibernate));
        assertTrue(DatabaseUnavailable.isCause(new ArcUndeclaredThrowableException(new PersistenceException(
                new GenericJDBCException("Unable to acquire JDBC Connection", refused)))));
    }

    @Test
    void aPoolThatGivesNoConnectionInTime() throws Exception {
        AgroalDataSourceConfigurationSupplier config = new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(1).acquisitionTimeout(Duration.ofMillis(100))
                        .connectionFactoryConfiguration(factory -> factory.jdbcUrl("jdbc:h2:mem:pool-timeout")));
        try (AgroalDataSource dataSource = AgroalDataSource.from(config);
                Connection held = dataSource.getConnection()) {
            SQLException timeout = assertThrows(SQLException.class, dataSource::getConnection);
            assertTrue(DatabaseUnavailable.isCause(timeout), timeout.getMessage());
            assertTrue(DatabaseUnavailable.isCause(new GenericJDBCException("Unable to acquire JDBC Connection",
                    timeout)));
        }
    }

    @Test
    void aClosedH2Database() throws Exception {
        Connection connection = DriverManager.getConnection("jdbc:h2:mem:closed-database");
        connection.createStatement().execute("shutdown");
        SQLException closed = assertThrows(SQLException.class, () -> connection.createStatement().execute("select 1"));
        assertTrue(DatabaseUnavailable.isCause(closed), closed.getSQLState() + " " + closed.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"08000", "08001", "08003", "08006", "57P01", "57P02", "57P03", "53300"})
    void sqlStatesOfALostOrRefusedConnection(String state) {
        SQLException e = new SQLException("lost", state);
        assertTrue(DatabaseUnavailable.isCause(e));
        RollbackException rollback = new RollbackException("commit failed");
        rollback.initCause(e);
        assertTrue(DatabaseUnavailable.isCause(new RuntimeException(rollback)));
    }

    @Test
    void aBatchThatNamesTheLostConnectionAsItsNextException() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", null, 0, new int[0]);
        batch.setNextException(new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        assertTrue(DatabaseUnavailable.isCause(new GenericJDBCException("could not execute batch", batch)));
    }

    @Test
    void aCommitThatFailedOnABrokenConnection() {
        // As Narayana reports it: no cause, the resource's failure among the suppressed exceptions.
        RollbackException commit = new RollbackException("ARJUNA016053: Could not commit transaction.");
        javax.transaction.xa.XAException xa = new javax.transaction.xa.XAException("commit failed");
        xa.initCause(new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        commit.addSuppressed(xa);
        assertTrue(DatabaseUnavailable.isCause(new ArcUndeclaredThrowableException(commit)));

        RollbackException other = new RollbackException("ARJUNA016053: Could not commit transaction.");
        other.addSuppressed(new SQLException("deadlock detected", "40P01"));
        assertFalse(DatabaseUnavailable.isCause(new ArcUndeclaredThrowableException(other)));
    }

    @Test
    void javaConnectionExceptionClasses() {
        assertTrue(DatabaseUnavailable.isCause(new SQLTransientConnectionException("gone")));
        assertTrue(DatabaseUnavailable.isCause(new java.sql.SQLNonTransientConnectionException("closed")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "40001", "57014", "42P01", "22001"})
    void otherSqlFailuresAreNot(String state) {
        SQLException e = new SQLException("refused by the database", state);
        assertFalse(DatabaseUnavailable.isCause(e));
        assertFalse(DatabaseUnavailable.isCause(new ConstraintViolationException("duplicate", e, "uk")));
    }

    @Test
    void failuresWithoutAnyDatabaseCauseAreNot() {
        assertFalse(DatabaseUnavailable.isCause(new OptimisticLockException("changed")));
        assertFalse(DatabaseUnavailable.isCause(new IllegalStateException("bug")));
        assertFalse(DatabaseUnavailable.isCause(null));
        // A message that merely sounds like the pool's, raised elsewhere, without a state.
        assertFalse(DatabaseUnavailable.isCause(new SQLException("Sorry, acquisition timeout!")));
    }

    @Test
    void aCycleInTheCausesEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertFalse(DatabaseUnavailable.isCause(a));
    }
}
