package org.verbatim.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Users who may write, from configuration: {@code verbatim.security.users.<name>.password-hash} and {@code .roles}. */
@ConfigMapping(prefix = "verbatim.security")
public interface SecurityConfig {

    /** The users, by user name. */
    Map<String, User> users();

    /** {@code permit} makes reads public, {@code authenticated} makes them need any configured user. */
    @WithDefault("permit")
    String readPolicy();

    interface User {
        /** bcrypt hash of the password, as printed by {@code Passwords}; never the password itself. */
        Optional<String> passwordHash();

        /** Roles: {@code editor} to create and change, {@code admin} also to delete. */
        Set<String> roles();
    }
}
