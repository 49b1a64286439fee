package org.verbatim.speaker;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import org.verbatim.common.api.Page;
import org.verbatim.common.api.PageRequest;
import org.verbatim.common.text.Folding;

@ApplicationScoped
public class SpeakerRepository implements PanacheRepositoryBase<Speaker, String> {

    /** Speakers of the given kinds whose name or aliases have words starting with those of {@code text}. */
    public Page<Speaker> search(String text, List<SpeakerKind> kinds, PageRequest request) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        String order = "s.name, s.id";
        if (text != null) {
            Folding.NameQuery name = Folding.nameQuery("s.searchText", text);
            where.addAll(name.conditions());
            params.putAll(name.params());
            order = name.rank() + ", " + order;
        }
        if (!kinds.isEmpty()) {
            where.add("s.kind in :kinds");
            params.put("kinds", kinds);
        }
        String query = "from Speaker s" + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by " + order;
        PanacheQuery<Speaker> found = find(query, params).page(request.page(), request.size());
        return new Page<>(found.list(), request.page(), request.size(), found.count());
    }

    public Optional<Speaker> findByWikidataId(String wikidataId) {
        return find("wikidataId", wikidataId).firstResultOptional();
    }

    /**
     * Statements (as speaker or on behalf of) and events (as participant) that point at a speaker; deleted statements,
     * which can still be restored, apart and by id.
     */
    @SuppressWarnings("unchecked")
    public References references(String id) {
        long statements = ((Number) getEntityManager()
                .createNativeQuery("select count(*) from statement"
                        + " where (speaker_id = ?1 or on_behalf_of_id = ?1) and deleted_at is null")
                .setParameter(1, id).getSingleResult()).longValue();
        List<String> deletedStatements = getEntityManager()
                .createNativeQuery("select id from statement"
                        + " where (speaker_id = ?1 or on_behalf_of_id = ?1) and deleted_at is not null order by id",
                        String.class)
                .setParameter(1, id).getResultList();
        long events = ((Number) getEntityManager()
                .createNativeQuery("select count(distinct event_id) from event_participant where speaker_id = ?1")
                .setParameter(1, id).getSingleResult()).longValue();
        return new References(statements, events, deletedStatements);
    }

    public record References(long statements, long events, List<String> deletedStatements) {
        boolean any() {
            return statements > 0 || events > 0 || !deletedStatements.isEmpty();
        }
    }
}
