package org.verbatim.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A database of its own for a test profile, empty before the service starts: an in-memory H2 database, or on
 * PostgreSQL a database created next to the suite's (and dropped first, should an earlier run have left it).
 */
final class FreshDatabase {

    private static final String NAME = "verbatim_fresh";
    private static Map<String, String> settings;

    private FreshDatabase() {
    }

    /** The settings that point the service at a new, empty database, made on the first call. */
    static synchronized Map<String, String> settings() {
        if (settings == null) {
            settings = create();
        }
        return settings;
    }

    private static Map<String, String> create() {
        String suiteUrl = System.getProperty("quarkus.datasource.jdbc.url", "");
        if (!suiteUrl.startsWith("jdbc:postgresql:")) {
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:h2:mem:" + NAME + ";DB_CLOSE_DELAY=-1");
        }
        String user = System.getProperty("quarkus.datasource.username", "postgres");
        try (Connection connection = DriverManager.getConnection(suiteUrl, user, "");
                Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists " + NAME + " with (force)");
            statement.execute("create database " + NAME);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the database " + NAME + " beside " + suiteUrl, e);
        }
        return Map.of("quarkus.datasource.jdbc.url", suiteUrl.substring(0, suiteUrl.lastIndexOf('/') + 1) + NAME);
    }
}
