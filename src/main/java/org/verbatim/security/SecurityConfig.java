package org.verbatim.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
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

    /** How failed logins are throttled, per client address and user name. */
    LoginThrottle loginThrottle();

    interface User {
        /** bcrypt hash of the password, as printed by {@code Passwords}; never the password itself. */
        Optional<String> passwordHash();

        /** Roles: {@code editor} to create and change, {@code admin} also to delete. */
        Set<String> roles();
    }

    interface LoginThrottle {
        /** Failed logins a client may make for one user name within {@link #window()}; 0 turns throttling off. */
        @WithDefault("10")
        int maxFailures();

        /** The window in which failures are counted; it starts at the first failure. */
        @WithDefault("1m")
        Duration window();

        /** How long further logins of that client for that user name are refused once the limit is reached. */
        @WithDefault("5m")
        Duration lockout();

        /** How many client and user name pairs are tracked at most, which bounds the memory the counters take. */
        @WithDefault("10000")
        long maxTracked();
    }
}
