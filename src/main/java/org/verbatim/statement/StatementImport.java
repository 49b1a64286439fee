package org.verbatim.statement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.Session;
import org.verbatim.common.api.Clock;
import org.verbatim.common.api.Ids;
import org.verbatim.speaker.Speaker;

/**
 * Stores a batch of imported statements: each one is found (by external id, by id, or as the same words by the same
 * speaker on the same day) and merged, or created. References have been resolved and requests validated by then.
 */
@ApplicationScoped
public class StatementImport {

    /** One statement to store; {@code id} and {@code externalId} are optional. */
    public record Item(String id, String externalId, StatementRequest request) {}

    /** DELETED: the line is a statement an admin deleted; it is left deleted, and the line fails. */
    public enum Outcome { CREATED, MERGED, UNCHANGED, DELETED }

    private final StatementRepository statements;
    private final EntityManager entityManager;
    private final Event<StatementsChanged> changed;
    private final NewStatementRows newRows;

    StatementImport(StatementRepository statements, EntityManager entityManager, Event<StatementsChanged> changed) {
        this.statements = statements;
        this.entityManager = entityManager;
        this.changed = changed;
        this.newRows = new NewStatementRows(entityManager);
    }

    /**
     * The outcome of each item, in order. When the call is the only one of its transaction ({@code
     * wholeTransaction}), new statements are written as plain rows, which is much faster; otherwise they are
     * persisted as entities, since a later call of the same transaction may merge into them.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Outcome> write(List<Item> items, boolean wholeTransaction) {
        Map<String, String> byExternalId = statementsByExternalId(items);
        Map<String, Statement> byId = new HashMap<>();
        List<String> ids = items.stream().map(Item::id).filter(id -> id != null).distinct().toList();
        if (!ids.isEmpty()) {
            // Deleted ones too: their ids are taken, and their words are not to be recorded again.
            statements.list("id in ?1", ids).forEach(statement -> byId.put(statement.getId(), statement));
        }
        List<String> textKeys = items.stream().map(item -> SameWords.key(item.request().text())).toList();
        Map<String, Statement> bySameWords = sameWords(textKeys);
        List<Outcome> outcomes = new ArrayList<>(items.size());
        List<String> changedIds = new ArrayList<>();
        Map<String, String> newExternalIds = new HashMap<>();
        List<Statement> created = new ArrayList<>();
        Set<String> mergedSinceCreated = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            StatementRequest request = item.request();
            String sameWordsKey = sameWordsKey(request.speakerId(), request, textKeys.get(i));
            Statement target = null;
            if (item.externalId() != null && byExternalId.containsKey(item.externalId())) {
                target = byIdOrLoad(byId, byExternalId.get(item.externalId()));
            }
            if (target == null && item.id() != null) {
                target = byId.get(item.id());
            }
            if (target == null) {
                target = bySameWords.get(sameWordsKey);
            }
            List<Source> sources = request.sources().stream().map(SourceDto::toEntity).toList();
            if (target != null && target.getDeletedAt() != null) {
                outcomes.add(Outcome.DELETED);
                continue;
            }
            if (target != null) {
                boolean sameWords = sameWordsKey.equals(sameWordsKey(target.getSpeaker().getId(), target));
                boolean merged = target.merge(sameWords ? request.text() : target.getText(), sources);
                if (merged) {
                    target.touch(Clock.now());
                    changedIds.add(target.getId());
                    if (created.contains(target)) {
                        mergedSinceCreated.add(target.getId());
                    }
                }
                outcomes.add(merged ? Outcome.MERGED : Outcome.UNCHANGED);
            } else {
                target = new Statement(item.id() != null ? item.id() : Ids.newId());
                target.apply(request, entityManager.getReference(Speaker.class, request.speakerId()),
                        request.onBehalfOfId() == null ? null
                                : entityManager.getReference(Speaker.class, request.onBehalfOfId()),
                        entityManager.getReference(org.verbatim.event.Event.class, request.eventId()));
                target.touch(Clock.now());
                if (wholeTransaction) {
                    created.add(target);
                } else {
                    statements.persist(target);
                }
                byId.put(target.getId(), target);
                bySameWords.put(sameWordsKey, target);
                changedIds.add(target.getId());
                outcomes.add(Outcome.CREATED);
            }
            if (item.externalId() != null && !byExternalId.containsKey(item.externalId())) {
                byExternalId.put(item.externalId(), target.getId());
                newExternalIds.put(item.externalId(), target.getId());
            }
        }
        // Speakers, events and merges first: the new rows refer to them.
        statements.flush();
        newRows.insert(created, mergedSinceCreated);
        if (!newExternalIds.isEmpty()) {
            entityManager.unwrap(Session.class).doWork(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into statement_external_id (external_id, statement_id) values (?, ?)")) {
                    for (Map.Entry<String, String> entry : newExternalIds.entrySet()) {
                        insert.setString(1, entry.getKey());
                        insert.setString(2, entry.getValue());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            });
        }
        if (!changedIds.isEmpty()) {
            changed.fire(new StatementsChanged(changedIds.stream().distinct().toList()));
        }
        return outcomes;
    }

    private Statement byIdOrLoad(Map<String, Statement> byId, String id) {
        return byId.computeIfAbsent(id, missing -> statements.findById(missing));
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> statementsByExternalId(List<Item> items) {
        List<String> externalIds = items.stream().map(Item::externalId).filter(id -> id != null).distinct().toList();
        Map<String, String> found = new HashMap<>();
        if (!externalIds.isEmpty()) {
            List<Object[]> rows = entityManager.createNativeQuery(
                            "select external_id, statement_id from statement_external_id where external_id in (?1)")
                    .setParameter(1, externalIds).getResultList();
            rows.forEach(row -> found.put((String) row[0], (String) row[1]));
        }
        return found;
    }

    /** The stored statements with any of these words, by speaker, day and words. */
    private Map<String, Statement> sameWords(List<String> textKeys) {
        Map<String, Statement> found = new HashMap<>();
        if (textKeys.isEmpty()) {
            return found;
        }
        statements.list("textKey in ?1", textKeys.stream().distinct().toList())
                .forEach(statement -> found.put(sameWordsKey(statement.getSpeaker().getId(), statement), statement));
        return found;
    }

    private static String sameWordsKey(String speakerId, Statement statement) {
        return speakerId + '|' + statement.getStatedOn() + '|' + statement.getTextKey();
    }

    private static String sameWordsKey(String speakerId, StatementRequest request, String textKey) {
        return speakerId + '|' + request.statedOn() + '|' + textKey;
    }
}
