package org.verbatim.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.verbatim.common.error.ApiException;

/**
 * Checks HTTP Basic credentials against the users in configuration. bcrypt is slow on purpose, so a password that
 * was verified once is remembered as a salted SHA-256 digest: repeated calls from another service stay cheap.
 * A client that failed too often for a user name is refused before its password is looked at ({@link LoginThrottle}).
 */
@ApplicationScoped
public class ConfiguredUsersIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private final SecurityConfig config;
    private final LoginThrottle throttle;
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    public ConfiguredUsersIdentityProvider(SecurityConfig config, LoginThrottle throttle) {
        this.config = config;
        this.throttle = throttle;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        String username = request.getUsername();
        String client = clientAddress(request);
        Optional<Duration> locked = throttle.lockedFor(client, username);
        if (locked.isPresent()) {
            return Uni.createFrom().failure(ApiException.tooManyRequests("Too many failed logins for this user"
                    + " name from your address: wait before you try again.", locked.get()));
        }
        return context.runBlocking(() -> {
            SecurityConfig.User user = config.users().get(username);
            String password = new String(request.getPassword().getPassword());
            String hash = user == null ? null : user.passwordHash().orElse(null);
            if (hash == null || !check(username, password, hash)) {
                throttle.failed(client, username);
                throw new AuthenticationFailedException("Invalid credentials");
            }
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(username))
                    .addRoles(user.roles())
                    .build();
        });
    }

    /** The client's address as the HTTP layer sees it (a proxy's, unless forwarding headers are trusted). */
    private static String clientAddress(UsernamePasswordAuthenticationRequest request) {
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        SocketAddress address = routing == null ? null : routing.request().remoteAddress();
        return address == null || address.hostAddress() == null ? "unknown" : address.hostAddress();
    }

    private boolean check(String username, String password, String hash) {
        byte[] digest = digest(hash, password);
        byte[] known = verified.get(username);
        if (known != null && MessageDigest.isEqual(known, digest)) {
            return true;
        }
        if (Passwords.matches(password, hash)) {
            verified.put(username, digest);
            return true;
        }
        return false;
    }

    /** The stored hash salts the digest, so a digest is worthless for any other configuration. */
    private static byte[] digest(String hash, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(hash.getBytes(StandardCharsets.UTF_8));
            return sha.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
