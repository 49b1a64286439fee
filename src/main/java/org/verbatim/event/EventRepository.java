package org.verbatim.event;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.verbatim.common.api.Page;
import org.verbatim.common.api.PageRequest;
import org.verbatim.common.text.Folding;

@ApplicationScoped
public class EventRepository implements PanacheRepositoryBase<Event, String> {

    /** The criteria of an event list; empty lists and nulls do not filter. */
    public record Filter(String text, List<EventKind> kinds, LocalDate from, LocalDate to,
            List<String> participantIds) {}

    /** Events matching the filter, newest first; {@code from}/{@code to} select events overlapping that range. */
    public Page<Event> search(Filter filter, PageRequest request) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        String order = "e.startDate desc, e.id desc";
        if (filter.text() != null) {
            Folding.NameQuery name = Folding.nameQuery("e.searchText", filter.text());
            where.addAll(name.conditions());
            params.putAll(name.params());
            order = name.rank() + ", " + order;
        }
        if (!filter.kinds().isEmpty()) {
            where.add("e.kind in :kinds");
            params.put("kinds", filter.kinds());
        }
        if (filter.from() != null) {
            where.add("coalesce(e.endDate, e.startDate) >= :from");
            params.put("from", filter.from());
        }
        if (filter.to() != null) {
            where.add("e.startDate <= :to");
            params.put("to", filter.to());
        }
        if (!filter.participantIds().isEmpty()) {
            where.add("exists (select 1 from Event e2 join e2.participants p where e2.id = e.id and p.id in :participants)");
            params.put("participants", filter.participantIds());
        }
        String query = "from Event e" + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by " + order;
        PanacheQuery<Event> found = find(query, params).page(request.page(), request.size());
        return new Page<>(found.list(), request.page(), request.size(), found.count());
    }

    /** Statements made at the event, deleted ones left out. */
    public long countStatements(String eventId) {
        return ((Number) getEntityManager()
                .createNativeQuery("select count(*) from statement where event_id = ?1 and deleted_at is null")
                .setParameter(1, eventId).getSingleResult()).longValue();
    }

    /** Ids of the deleted statements made at the event, which can still be restored. */
    @SuppressWarnings("unchecked")
    public List<String> deletedStatementIds(String eventId) {
        return getEntityManager()
                .createNativeQuery("select id from statement"
                        + " where event_id = ?1 and deleted_at is not null order by id", String.class)
                .setParameter(1, eventId).getResultList();
    }
}
