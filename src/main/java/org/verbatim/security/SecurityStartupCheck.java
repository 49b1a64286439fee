package org.verbatim.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Refuses to start a deployment whose users could be guessed: none configured, an empty or malformed hash, a role
 * we do not know, a password of the demo configuration, or the user name as password.
 */
@ApplicationScoped
public class SecurityStartupCheck {

    static final Set<String> KNOWN_ROLES = Set.of(Roles.EDITOR, Roles.ADMIN);
    /** The passwords of the demo users; each check costs a bcrypt round, so the list stays short. */
    private static final List<String> DEMO_PASSWORDS = List.of("editor-demo", "admin-demo");

    private CompletableFuture<List<String>> problems;

    /**
     * The checks cost a few bcrypt rounds, about a second in all: they run on their own thread beside the rest of
     * the start-up work, and {@link #refuseIfGuessable} waits for them before the service is ready.
     */
    void beginChecks(@Observes @Priority(1) StartupEvent event, SecurityConfig config) {
        boolean deployment = LaunchMode.current() == LaunchMode.NORMAL;
        problems = CompletableFuture.supplyAsync(() -> problems(config, deployment),
                task -> new Thread(task, "security-startup-check").start());
    }

    void refuseIfGuessable(@Observes @Priority(4000) StartupEvent event) {
        List<String> problems = this.problems.join();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start: " + String.join("; ", problems)
                    + ". Set verbatim.security.users.<name>.password-hash (for example the environment variable"
                    + " VERBATIM_SECURITY_USERS_ALICE_PASSWORD_HASH) to a bcrypt hash of a strong password.");
        }
    }

    static List<String> problems(SecurityConfig config, boolean deployment) {
        List<String> problems = new ArrayList<>();
        if (deployment && config.users().isEmpty()) {
            problems.add("no users are configured");
        }
        for (Map.Entry<String, SecurityConfig.User> entry : config.users().entrySet()) {
            String name = entry.getKey();
            String hash = entry.getValue().passwordHash().orElse("").trim();
            if (hash.isEmpty()) {
                problems.add("user '" + name + "' has an empty password");
            } else if (!Passwords.isBcryptHash(hash)) {
                problems.add("the password-hash of user '" + name + "' is not a bcrypt hash");
            } else if (deployment && isGuessable(name, hash)) {
                problems.add("user '" + name + "' has a default or guessable password");
            }
            for (String role : entry.getValue().roles()) {
                if (!KNOWN_ROLES.contains(role)) {
                    problems.add("user '" + name + "' has unknown role '" + role + "' (known: editor, admin)");
                }
            }
        }
        return problems;
    }

    private static boolean isGuessable(String name, String hash) {
        if (Passwords.matches(name, hash)) {
            return true;
        }
        for (String password : DEMO_PASSWORDS) {
            if (Passwords.matches(password, hash)) {
                return true;
            }
        }
        return false;
    }
}
