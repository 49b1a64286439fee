package org.verbatim.statement;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Gives statements stored before duplicates were detected their {@code text_key}, at start. Two such statements of
 * the same words cannot both have the key: the second keeps none, stays as it is, and is named in the log.
 */
@ApplicationScoped
class SameWordsBackfill {

    private static final Logger LOG = Logger.getLogger(SameWordsBackfill.class);
    private static final int BATCH = 1_000;

    private final EntityManager entityManager;

    SameWordsBackfill(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    void start(@Observes @Priority(100) StartupEvent event) {
        String after = "";
        long done = 0;
        while (true) {
            String from = after;
            List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> rows(from));
            if (rows.isEmpty()) {
                break;
            }
            try {
                QuarkusTransaction.requiringNew().run(() -> rows.forEach(this::update));
            } catch (PersistenceException e) {
                rows.forEach(row -> {
                    try {
                        QuarkusTransaction.requiringNew().run(() -> update(row));
                    } catch (PersistenceException duplicate) {
                        LOG.warnf("Statement %s has the same words as another statement of its speaker on that day;"
                                + " it is kept as it is, without duplicate detection", row[0]);
                    }
                });
            }
            done += rows.size();
            after = (String) rows.get(rows.size() - 1)[0];
        }
        if (done > 0) {
            LOG.infof("Computed the duplicate keys of %d statements", done);
        }
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String after) {
        return entityManager.createNativeQuery(
                        "select id, text from statement where text_key is null and id > ?1 order by id")
                .setParameter(1, after).setMaxResults(BATCH).getResultList();
    }

    private void update(Object[] row) {
        entityManager.createNativeQuery("update statement set text_key = ?1 where id = ?2")
                .setParameter(1, SameWords.key((String) row[1])).setParameter(2, row[0]).executeUpdate();
    }
}
