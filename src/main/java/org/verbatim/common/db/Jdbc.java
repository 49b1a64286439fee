package org.verbatim.common.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/** The little that the readers of plain rows share. */
public final class Jdbc {

    private Jdbc() {
    }

    /** A statement with these parameters set, in order; closed again if they cannot be set. */
    public static PreparedStatement prepare(Connection connection, String sql, List<String> params)
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

    /** " in (?, ?, …)" with this many parameters. */
    public static String in(int parameters) {
        return " in (" + String.join(", ", Collections.nCopies(parameters, "?")) + ")";
    }
}
