package org.verbatim.common.error;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import org.hibernate.exception.JDBCConnectionException;

/**
 * Recognises, in a failure's chain of causes, that the database could not be reached: no connection could be made
 * or had from the pool in time, one broke, or the server is shutting down or starting up. Such a failure says
 * nothing about the request, which may well succeed once the database is back: it is answered with 503, not 500.
 */
public final class DatabaseUnavailable {

    private DatabaseUnavailable() {}

    /**
     * Whether {@code failure}, or anything that caused it, means that the database could not be reached. Suppressed
     * exceptions count too: a commit that failed because the connection broke is a RollbackException without a
     * cause, carrying the connection's failure as a suppressed exception (Narayana's deferred throwables).
     */
    public static boolean isCause(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> toSee = new ArrayDeque<>();
        if (failure != null) {
            toSee.add(failure);
        }
        while (!toSee.isEmpty()) {
            Throwable t = toSee.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t.getCause() != null) {
                toSee.add(t.getCause());
            }
            Collections.addAll(toSee, t.getSuppressed());
            if (t instanceof JDBCConnectionException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                // A batch reports the failures of its statements as next exceptions, not as causes.
                SQLException e = sql;
                for (int i = 0; e != null && i < 100; i++, e = e.getNextException()) {
                    if (connectionState(e.getSQLState()) || poolTimeout(e)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * SQL states of a lost or refused connection: class 08 (connection exception); 57P01, 57P02 and 57P03, the
     * server shutting down or not accepting connections yet; 53300, no connection slot left on the server.
     */
    static boolean connectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300"));
    }

    /**
     * The pool gave no connection within its acquisition timeout. Agroal reports this with neither an SQL state nor
     * an exception class of its own, so it is recognised by where it was raised and what it says.
     */
    static boolean poolTimeout(SQLException e) {
        if (e.getSQLState() != null || e.getMessage() == null) {
            return false;
        }
        StackTraceElement[] trace = e.getStackTrace();
        boolean fromPool = trace.length > 0 && trace[0].getClassName().startsWith("io.agroal.");
        return fromPool && e.getMessage().toLowerCase(Locale.ROOT).contains("acquisition timeout");
    }
}
