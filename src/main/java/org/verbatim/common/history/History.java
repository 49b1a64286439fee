package org.verbatim.common.history;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.hibernate.envers.AuditReaderFactory;
import org.hibernate.envers.RevisionType;
import org.hibernate.envers.query.AuditEntity;
import org.hibernate.envers.query.AuditQuery;
import org.verbatim.common.api.Page;
import org.verbatim.common.api.PageRequest;
import org.verbatim.common.error.ApiException;
import org.verbatim.common.error.ProblemType;

/** Reads the revisions Envers keeps of an audited record, newest first, in the shape a read of it answers. */
@ApplicationScoped
public class History {

    /** How a revision reads as a change, from the kind of write Envers saw and the state it left. */
    public interface Classifier<E> {

        ChangeType classify(RevisionType type, E state, Set<String> changedProperties);

        /** Whether {@link #classify} needs the changed properties, which only properties with modified flags have. */
        default boolean needsChangedProperties() {
            return false;
        }
    }

    /** Inserted, updated, deleted: for records that are deleted for good at once. */
    public static <E> Classifier<E> plain() {
        return (type, state, changed) -> switch (type) {
            case ADD -> ChangeType.CREATED;
            case MOD -> ChangeType.UPDATED;
            case DEL -> ChangeType.DELETED;
        };
    }

    private final EntityManager entityManager;

    public History(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** A revision number from a path; anything else reads as a revision that does not exist. */
    public static long revisionNumber(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One page of the revisions of the record with this id, newest first; 404 when it has none. */
    public <E, T> Page<Revision<T>> list(Class<E> type, String id, PageRequest page, Function<? super E, T> view,
            Classifier<? super E> classifier) {
        long total = ((Number) AuditReaderFactory.get(entityManager).createQuery()
                .forRevisionsOfEntity(type, false, true)
                .add(AuditEntity.id().eq(id))
                .addProjection(AuditEntity.revisionNumber().count())
                .getSingleResult()).longValue();
        if (total == 0) {
            throw ApiException.notFound(resource(type), id);
        }
        List<?> rows = revisions(type, id, classifier)
                .addOrder(AuditEntity.revisionNumber().desc())
                .setFirstResult(page.offset())
                .setMaxResults(page.size())
                .getResultList();
        return new Page<>(rows.stream().map(row -> revision(type, id, (Object[]) row, view, classifier)).toList(),
                page.page(), page.size(), total);
    }

    /** The record with this id as one revision left it; 404 when that revision did not touch it. */
    public <E, T> Revision<T> at(Class<E> type, String id, long revision, Function<? super E, T> view,
            Classifier<? super E> classifier) {
        List<?> rows = revisions(type, id, classifier)
                .add(AuditEntity.revisionNumber().eq(revision))
                .getResultList();
        return rows.stream().findFirst().map(row -> revision(type, id, (Object[]) row, view, classifier))
                .orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND,
                        "No revision " + revision + " of " + resource(type) + " '" + id + "'."));
    }

    /** "statement" for Statement: the word the API's not-found problems use. */
    private static String resource(Class<?> type) {
        return type.getSimpleName().toLowerCase(Locale.ROOT);
    }

    private AuditQuery revisions(Class<?> type, String id, Classifier<?> classifier) {
        var query = AuditReaderFactory.get(entityManager).createQuery();
        return (classifier.needsChangedProperties()
                ? query.forRevisionsOfEntityWithChanges(type, true)
                : query.forRevisionsOfEntity(type, false, true))
                .add(AuditEntity.id().eq(id));
    }

    @SuppressWarnings("unchecked")
    private <E, T> Revision<T> revision(Class<E> entity, String id, Object[] row, Function<? super E, T> view,
            Classifier<? super E> classifier) {
        E state = (E) row[0];
        RevisionInfo info = (RevisionInfo) row[1];
        RevisionType revisionType = (RevisionType) row[2];
        Set<String> changed = row.length > 3 ? (Set<String>) row[3] : Set.of();
        ChangeType type = classifier.classify(revisionType, state, changed);
        if (revisionType == RevisionType.DEL) {
            // The deleting revision keeps the fields but not the collections, which it emptied: show the record as
            // the revision before left it, which is what was deleted.
            E before = AuditReaderFactory.get(entityManager).find(entity, id, info.getId() - 1);
            state = before != null ? before : state;
        }
        return new Revision<>(info.getId(), type, info.getChangedBy(), info.getChangedAt(), view.apply(state));
    }
}
