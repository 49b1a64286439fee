package org.verbatim.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecurityStartupCheckTest {

    private static final String STRONG = Passwords.hash("correct horse battery staple");

    @Test
    void aDeploymentWithAStrongUserStarts() {
        assertEquals(List.of(), SecurityStartupCheck.problems(config(Map.of("alice", user(STRONG, "editor"))), true));
    }

    @Test
    void aDeploymentWithoutUsersIsRefused() {
        assertEquals(List.of("no users are configured"), SecurityStartupCheck.problems(config(Map.of()), true));
    }

    @Test
    void emptyMalformedDemoAndGuessablePasswordsAreRefused() {
        Map<String, SecurityConfig.User> users = new LinkedHashMap<>();
        users.put("empty", user("", "editor"));
        users.put("plain", user("not-a-hash", "editor"));
        users.put("demo", user(Passwords.hash("editor-demo"), "editor"));
        users.put("bob", user(Passwords.hash("bob"), "admin"));
        users.put("carol", user(STRONG, "superuser"));
        List<String> problems = SecurityStartupCheck.problems(config(users), true);
        assertEquals(5, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("'empty' has an empty password"));
        assertTrue(problems.get(1).contains("'plain' is not a bcrypt hash"));
        assertTrue(problems.get(2).contains("'demo' has a default or guessable password"));
        assertTrue(problems.get(3).contains("'bob' has a default or guessable password"));
        assertTrue(problems.get(4).contains("unknown role 'superuser'"));
    }

    @Test
    void developmentModeAcceptsTheDemoUsers() {
        Map<String, SecurityConfig.User> users = Map.of("editor", user(Passwords.hash("editor-demo"), "editor"));
        assertEquals(List.of(), SecurityStartupCheck.problems(config(users), false));
    }

    @Test
    void passwordsAreCheckedAgainstTheirHash() {
        assertTrue(Passwords.matches("correct horse battery staple", STRONG));
        assertTrue(!Passwords.matches("Correct horse battery staple", STRONG));
        assertTrue(!Passwords.matches("x", "garbage"));
    }

    private static SecurityConfig.User user(String hash, String role) {
        return new SecurityConfig.User() {
            @Override
            public Optional<String> passwordHash() {
                return Optional.of(hash);
            }

            @Override
            public Set<String> roles() {
                return Set.of(role);
            }
        };
    }

    private static SecurityConfig config(Map<String, SecurityConfig.User> users) {
        return new SecurityConfig() {
            @Override
            public Map<String, User> users() {
                return users;
            }

            @Override
            public String readPolicy() {
                return "permit";
            }

            @Override
            public LoginThrottle loginThrottle() {
                throw new UnsupportedOperationException("not used by the start-up check");
            }
        };
    }
}
