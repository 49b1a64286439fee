package org.verbatim.security;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Makes reads need a configured user when {@code verbatim.security.read-policy=authenticated}, and checks
 * credentials whenever a request sends them: wrong credentials are a 401 even where none are needed.
 */
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
        boolean sendsCredentials = request.getHeaderString(HttpHeaders.AUTHORIZATION) != null;
        if (sendsCredentials || readsNeedUser && read) {
            // Asking for the identity authenticates the request: bad credentials fail here.
            boolean anonymous = identity.isAnonymous();
            if (anonymous && readsNeedUser && read) {
                throw new UnauthorizedException();
            }
        }
    }
}
