package org.verbatim.common.history;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.security.identity.SecurityIdentity;
import org.hibernate.envers.RevisionListener;

/**
 * Records who made a revision: the authenticated user of the request, or {@value #SYSTEM} for work done outside a
 * request (demo data, start-up) or without a user. Envers creates this listener itself, so it looks the identity up
 * rather than having it injected; the identity is request-scoped and must not be touched without a request.
 */
public class RevisionUserListener implements RevisionListener {

    public static final String SYSTEM = "system";

    @Override
    public void newRevision(Object revision) {
        ((RevisionInfo) revision).setChangedBy(currentUser());
    }

    static String currentUser() {
        ArcContainer container = Arc.container();
        if (container == null || !container.requestContext().isActive()) {
            return SYSTEM;
        }
        SecurityIdentity identity = container.instance(SecurityIdentity.class).get();
        return identity == null || identity.isAnonymous() ? SYSTEM : identity.getPrincipal().getName();
    }
}
