package org.verbatim.security;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Makes reads need a configured user when {@code verbatim.security.read-policy=authenticated}. */
public class ReadPolicyFilter {

    private final boolean readsNeedUser;
    private final SecurityIdentity identity;

    public ReadPolicyFilter(SecurityConfig config, SecurityIdentity identity) {
        this.readsNeedUser = "authenticated".equals(config.readPolicy());
        this.identity = identity;
    }

    @ServerRequestFilter
    public void checkRead(ContainerRequestContext request) {
        boolean read = HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod());
        if (readsNeedUser && read && identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
    }
}
