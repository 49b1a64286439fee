package org.verbatim.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks HTTP Basic credentials against the users in configuration. bcrypt is slow on purpose, so a password that
 * was verified once is remembered as a salted SHA-256 digest: repeated calls from another service stay cheap.
 */
@ApplicationScoped
public class ConfiguredUsersIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private final SecurityConfig config;
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    public ConfiguredUsersIdentityProvider(SecurityConfig config) {
        this.config = config;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            String username = request.getUsername();
            SecurityConfig.User user = config.users().get(username);
            String password = new String(request.getPassword().getPassword());
            String hash = user == null ? null : user.passwordHash().orElse(null);
            if (hash == null || !check(username, password, hash)) {
                throw new AuthenticationFailedException("Invalid credentials");
            }
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(username))
                    .addRoles(user.roles())
                    .build();
        });
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
