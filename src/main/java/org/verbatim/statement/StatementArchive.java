package org.verbatim.statement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.util.OptionalLong;
import java.util.Set;
import org.hibernate.envers.RevisionType;
import org.verbatim.common.api.Page;
import org.verbatim.common.api.PageRequest;
import org.verbatim.common.api.Versions;
import org.verbatim.common.error.ApiException;
import org.verbatim.common.error.ProblemType;
import org.verbatim.common.history.ChangeType;
import org.verbatim.common.history.History;
import org.verbatim.common.history.Revision;

/**
 * What is kept of statements beyond their current state: their history, and the deleted statements, which admins
 * can restore or purge for good.
 */
@ApplicationScoped
@Transactional
public class StatementArchive {

    /** A deletion and a restoration are updates of {@code deletedAt}; removing the row is a purge. */
    static final History.Classifier<Statement> CHANGES = new History.Classifier<>() {
        @Override
        public ChangeType classify(RevisionType type, Statement state, Set<String> changedProperties) {
            return switch (type) {
                case ADD -> ChangeType.CREATED;
                case DEL -> ChangeType.PURGED;
                case MOD -> !changedProperties.contains("deletedAt") ? ChangeType.UPDATED
                        : state.getDeletedAt() != null ? ChangeType.DELETED : ChangeType.RESTORED;
            };
        }

        @Override
        public boolean needsChangedProperties() {
            return true;
        }
    };

    private final StatementRepository statements;
    private final History history;
    private final Event<StatementChanged> changed;

    public StatementArchive(StatementRepository statements, History history, Event<StatementChanged> changed) {
        this.statements = statements;
        this.history = history;
        this.changed = changed;
    }

    /**
     * The revisions of a statement, newest first. Anyone who may read the statement may read its history; the
     * history of a deleted or purged statement only with {@code includeDeleted}.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Revision<StatementResponse>> history(String id, PageRequest page, boolean includeDeleted) {
        requireReadable(id, includeDeleted);
        return history.list(Statement.class, id, page, StatementResponse::of, CHANGES);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Revision<StatementResponse> revision(String id, long revision, boolean includeDeleted) {
        requireReadable(id, includeDeleted);
        return history.at(Statement.class, id, revision, StatementResponse::of, CHANGES);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<DeletedStatement> deleted(PageRequest page) {
        return statements.deleted(page).map(DeletedStatement::of);
    }

    /** Brings a deleted statement back into every read, and into search. */
    public StatementResponse restore(String id, OptionalLong expectedVersion) {
        Statement statement = findDeleted(id, expectedVersion, "restored");
        statement.restore();
        statements.flush();
        changed.fire(new StatementChanged(id));
        return StatementResponse.of(statement);
    }

    /** Removes a deleted statement for good; its history keeps the state it was purged in. */
    public void purge(String id, OptionalLong expectedVersion) {
        statements.delete(findDeleted(id, expectedVersion, "purged"));
        statements.flush();
        changed.fire(new StatementChanged(id));
    }

    private Statement findDeleted(String id, OptionalLong expectedVersion, String action) {
        Statement statement = statements.findByIdOptional(id)
                .orElseThrow(() -> ApiException.notFound("statement", id));
        if (statement.getDeletedAt() == null) {
            throw new ApiException(ProblemType.CONFLICT,
                    "Statement '" + id + "' is not deleted; only a deleted statement can be " + action + ".");
        }
        Versions.require(expectedVersion, statement.getVersion());
        return statement;
    }

    private void requireReadable(String id, boolean includeDeleted) {
        if (!includeDeleted && statements.findLive(id).isEmpty()) {
            throw ApiException.notFound("statement", id);
        }
    }
}
