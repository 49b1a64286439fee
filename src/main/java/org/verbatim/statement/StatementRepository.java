package org.verbatim.statement;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.verbatim.common.api.Page;
import org.verbatim.common.api.PageRequest;

@ApplicationScoped
public class StatementRepository implements PanacheRepositoryBase<Statement, String> {

    // Deleted statements stay stored until purged; every read of statements leaves them out unless it says otherwise.

    /** The statement with this id, unless it is deleted. */
    public Optional<Statement> findLive(String id) {
        return findByIdOptional(id).filter(statement -> statement.getDeletedAt() == null);
    }

    /**
     * All statements but the deleted ones. Counted as a difference because both counts are quick on H2 (the number
     * of rows is kept, and the deleted ones are a range of the index on deleted_at), where counting "deleted_at is
     * null" reads the whole index: 1.5 s at 1,000,000 statements, at every start.
     */
    public long countLive() {
        return count() - count("deletedAt >= ?1", Instant.EPOCH);
    }

    /** Deleted statements, most recently deleted first. */
    public Page<Statement> deleted(PageRequest request) {
        PanacheQuery<Statement> found = find("deletedAt is not null order by deletedAt desc, id desc")
                .page(request.page(), request.size());
        return new Page<>(found.list(), request.page(), request.size(), found.count());
    }

    /** The statement of the same words by the same speaker on the same day, if one is stored. */
    public Optional<Statement> findSameWords(String speakerId, LocalDate statedOn, String textKey) {
        return find("speaker.id = ?1 and statedOn = ?2 and textKey = ?3", speakerId, statedOn, textKey)
                .firstResultOptional();
    }

    public Page<Statement> search(StatementFilter filter, StatementSort sort, PageRequest request) {
        Parameters params = new Parameters();
        List<String> where = conditions(filter, params);
        String query = "from Statement s" + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by " + sort.orderBy();
        PanacheQuery<Statement> found = find(query, params).page(request.page(), request.size());
        return new Page<>(found.list(), request.page(), request.size(), found.count());
    }

    /** The ids of the next {@code limit} statements matching the filter with an id after {@code afterId}, in order. */
    public List<String> idsAfter(StatementFilter filter, String afterId, int limit) {
        Parameters params = new Parameters().and("after", afterId);
        List<String> where = conditions(filter, params);
        where.add("s.id > :after");
        // Ordered by deleted_at first, which is the same order here (it is null throughout), so that H2 reads the
        // rows in order from the index on (deleted_at, id): ordered by id alone, it sorts every remaining row for
        // each chunk, and an export of 1,000,000 statements never ends.
        var query = getEntityManager().createQuery("select s.id from Statement s where " + String.join(" and ", where)
                + " order by s.deletedAt, s.id", String.class).setMaxResults(limit);
        params.map().forEach(query::setParameter);
        return query.getResultList();
    }

    private static List<String> conditions(StatementFilter filter, Parameters params) {
        List<String> where = new ArrayList<>();
        where.add("s.deletedAt is null");
        if (!filter.speakerIds().isEmpty()) {
            where.add("s.speaker.id in :speakers");
            params.and("speakers", filter.speakerIds());
        }
        if (!filter.eventIds().isEmpty()) {
            where.add("s.event.id in :events");
            params.and("events", filter.eventIds());
        }
        if (!filter.kinds().isEmpty()) {
            where.add("s.kind in :kinds");
            params.and("kinds", filter.kinds());
        }
        if (!filter.topics().isEmpty()) {
            where.add("exists (select 1 from Statement t join t.topics topic where t.id = s.id and topic in :topics)");
            params.and("topics", filter.topics());
        }
        if (filter.from() != null) {
            where.add("s.statedOn >= :from");
            params.and("from", filter.from());
        }
        if (filter.to() != null) {
            where.add("s.statedOn <= :to");
            params.and("to", filter.to());
        }
        if (filter.language() != null) {
            // "en" also selects its regional variants such as "en-GB".
            where.add("(lower(s.language) = :language or lower(s.language) like :languageVariant)");
            String language = filter.language().toLowerCase(Locale.ROOT);
            params.and("language", language).and("languageVariant", language + "-%");
        }
        if (filter.publisher() != null) {
            where.add("exists (select 1 from Statement p join p.sources source"
                    + " where p.id = s.id and lower(source.publisher) = lower(:publisher))");
            params.and("publisher", filter.publisher());
        }
        return where;
    }
}
