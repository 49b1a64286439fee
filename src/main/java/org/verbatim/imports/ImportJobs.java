package org.verbatim.imports;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.verbatim.common.api.Page;
import org.verbatim.common.api.PageRequest;

/**
 * The record of each import and of its failed lines. Every write is a transaction of its own, so that progress
 * shows while the import's own transactions run (or roll back).
 */
@ApplicationScoped
class ImportJobs {

    private static final String COLUMNS = "id, status, format, atomic, started_by, started_at, finished_at,"
            + " lines_read, created, merged, unchanged, failed, message";

    private final EntityManager entityManager;

    ImportJobs(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    void start(ImportReport job) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("insert into import_job ("
                        + COLUMNS + ") values (?1, ?2, ?3, ?4, ?5, ?6, null, 0, 0, 0, 0, 0, null)")
                .setParameter(1, job.id()).setParameter(2, job.status().name()).setParameter(3, job.format())
                .setParameter(4, job.atomic()).setParameter(5, job.startedBy())
                .setParameter(6, Timestamp.from(job.startedAt()))
                .executeUpdate());
    }

    /** Records the counts so far and the failures of the lines since the last call. */
    void progress(ImportReport job, List<ImportReport.LineFailure> newFailures, int alreadyListed) {
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("update import_job set status = ?2, finished_at = ?3, lines_read = ?4,"
                            + " created = ?5, merged = ?6, unchanged = ?7, failed = ?8, message = ?9 where id = ?1")
                    .setParameter(1, job.id()).setParameter(2, job.status().name())
                    .setParameter(3, job.finishedAt() == null ? null : Timestamp.from(job.finishedAt()))
                    .setParameter(4, job.lines()).setParameter(5, job.created()).setParameter(6, job.merged())
                    .setParameter(7, job.unchanged()).setParameter(8, job.failed()).setParameter(9, job.message())
                    .executeUpdate();
            int seq = alreadyListed;
            for (ImportReport.LineFailure failure : newFailures) {
                entityManager.createNativeQuery("insert into import_failure (import_id, seq, line, type, field,"
                                + " message) values (?1, ?2, ?3, ?4, ?5, ?6)")
                        .setParameter(1, job.id()).setParameter(2, seq++).setParameter(3, failure.line())
                        .setParameter(4, failure.type()).setParameter(5, storable(failure.field(), 500))
                        .setParameter(6, storable(failure.message(), 2_000)).executeUpdate();
            }
        });
    }

    Optional<ImportReport> find(String id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("select " + COLUMNS + " from import_job where id = ?1")
                    .setParameter(1, id).getResultList();
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            @SuppressWarnings("unchecked")
            List<Object[]> failures = entityManager.createNativeQuery("select line, type, field, message"
                            + " from import_failure where import_id = ?1 order by seq")
                    .setParameter(1, id).getResultList();
            return Optional.of(report(rows.get(0)).withFailures(failures.stream()
                    .map(f -> new ImportReport.LineFailure(((Number) f[0]).longValue(), (String) f[1],
                            (String) f[2], (String) f[3]))
                    .toList()));
        });
    }

    /** Newest first. */
    Page<ImportReport> list(PageRequest page) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("select " + COLUMNS + " from import_job"
                            + " order by started_at desc, id desc")
                    .setFirstResult(page.offset()).setMaxResults(page.size()).getResultList();
            long total = ((Number) entityManager.createNativeQuery("select count(*) from import_job")
                    .getSingleResult()).longValue();
            return new Page<>(rows.stream().map(ImportJobs::report).toList(), page.page(), page.size(), total);
        });
    }

    private static ImportReport report(Object[] row) {
        return new ImportReport((String) row[0], ImportStatus.valueOf((String) row[1]), (String) row[2],
                (Boolean) row[3], (String) row[4], instant(row[5]), instant(row[6]), number(row[7]), number(row[8]),
                number(row[9]), number(row[10]), number(row[11]), (String) row[12], null);
    }

    /** Shortened, and with any NUL replaced: a reason may quote a value that holds one, which PostgreSQL refuses. */
    static String storable(String text, int max) {
        return shortened(text == null ? null : text.replace('\u0000', '\uFFFD'), max);
    }

    /** At most {@code max} characters: a reason may quote a huge value, and the column has a size. */
    static String shortened(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
