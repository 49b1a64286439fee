package org.verbatim.deploy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.verbatim.deploy.DeployFiles.COMPOSE;
import static org.verbatim.deploy.DeployFiles.SECRET_NAME;
import static org.verbatim.deploy.DeployFiles.at;
import static org.verbatim.deploy.DeployFiles.dataDir;
import static org.verbatim.deploy.DeployFiles.dockerfileArguments;
import static org.verbatim.deploy.DeployFiles.listAt;
import static org.verbatim.deploy.DeployFiles.map;
import static org.verbatim.deploy.DeployFiles.mapAt;
import static org.verbatim.deploy.DeployFiles.read;
import static org.verbatim.deploy.DeployFiles.yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ComposeFileTest {

    /** ${NAME:?message}: compose refuses to start while NAME is unset or empty. */
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):\\?[^}]+}");

    private static final Map<String, Object> COMPOSE_FILE = yaml(COMPOSE);

    private static Map<String, Object> service(String name) {
        return mapAt(COMPOSE_FILE, "services", name);
    }

    /** A service's environment, in either of compose's forms (mapping or list of NAME=value). */
    private static Map<String, String> environment(String service) {
        Object environment = at(service(service), "environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof List<?> entries) {
            for (Object entry : entries) {
                String[] parts = String.valueOf(entry).split("=", 2);
                variables.put(parts[0], parts.length > 1 ? parts[1] : null);
            }
        } else {
            map(environment, service + ".environment")
                    .forEach((k, v) -> variables.put(k, v == null ? null : String.valueOf(v)));
        }
        return variables;
    }

    @Test
    void runsTheServiceAndPostgresql() {
        assertThat(mapAt(COMPOSE_FILE, "services").keySet(), equalTo(Set.of("verbatim", "db", "opensearch")));
        assertThat((String) at(service("opensearch"), "image"), matchesPattern("opensearchproject/opensearch:2\\.19(\\.\\d+)?"));
        assertThat((String) at(service("db"), "image"), matchesPattern("postgres:1[56](\\.\\d+)?(-[a-z0-9.]+)?"));
        assertThat(at(service("verbatim"), "build", "dockerfile"), equalTo("docker/Dockerfile.jvm"));
        assertThat(at(service("verbatim"), "build", "context"), equalTo(".."));
    }

    @Test
    void everyServiceHasAHealthCheck() {
        for (String name : List.of("db", "verbatim")) {
            List<Object> test = listAt(service(name), "healthcheck", "test");
            assertThat(name + " health check", test.get(0), notNullValue());
            assertTrue(List.of("CMD", "CMD-SHELL").contains(test.get(0)), name + ": " + test);
        }
        assertThat(String.valueOf(listAt(service("db"), "healthcheck", "test")),
                matchesPattern(".*pg_isready.*"));
        String imageCheck = dockerfileArguments("HEALTHCHECK").get(0);
        List<Object> serviceCheck = listAt(service("verbatim"), "healthcheck", "test");
        assertTrue(imageCheck.endsWith("CMD [\"bash\", \"" + serviceCheck.get(2) + "\"]"),
                "the service's health check is the image's: " + serviceCheck + " vs " + imageCheck);
    }

    @Test
    void startsTheServiceOnlyOnceTheDatabaseIsHealthy() {
        assertThat(at(service("verbatim"), "depends_on", "db", "condition"), equalTo("service_healthy"));
        assertThat(at(service("verbatim"), "depends_on", "opensearch", "condition"), equalTo("service_healthy"));
    }

    @Test
    void keepsDataInNamedVolumes() {
        Map<String, Object> declared = mapAt(COMPOSE_FILE, "volumes");
        Map<String, String> mounts = new LinkedHashMap<>();
        for (String name : List.of("db", "opensearch")) {
            for (Object volume : listAt(service(name), "volumes")) {
                String[] parts = String.valueOf(volume).split(":");
                assertThat(name + " mounts a named volume, not a host path: " + volume, parts[0],
                        matchesPattern("[a-z][a-z0-9_-]*"));
                assertThat(declared, hasKey(parts[0]));
                mounts.put(parts[1], parts[0]);
            }
        }
        assertThat(mounts, hasKey("/var/lib/postgresql/data"));
        assertThat(mounts, hasKey("/usr/share/opensearch/data"));
        assertThat("instances keep no state of their own", service("verbatim"), not(hasKey("volumes")));
        assertThat(mounts.values().stream().distinct().count(), equalTo((long) declared.size()));
    }

    @Test
    void takesEverySecretFromTheEnvironmentWithoutADefault() {
        int secrets = 0;
        for (String service : List.of("db", "verbatim")) {
            for (Map.Entry<String, String> variable : environment(service).entrySet()) {
                if (SECRET_NAME.matcher(variable.getKey()).matches()) {
                    secrets++;
                    assertThat(service + "." + variable.getKey() + " comes from a required variable",
                            String.valueOf(variable.getValue()), matchesPattern(REQUIRED_VARIABLE));
                }
            }
        }
        assertThat("the database password and a user's hash at least", secrets >= 3, equalTo(true));
        String text = read(COMPOSE);
        assertFalse(DeployFiles.BCRYPT.matcher(text).find(), "compose.yaml holds a bcrypt hash");
        Matcher defaulted = Pattern.compile("\\$\\{([A-Z0-9_]+):?-").matcher(text);
        while (defaulted.find()) {
            assertFalse(SECRET_NAME.matcher(defaulted.group(1)).matches(), defaulted.group(1) + " has a default");
        }
    }

    @Test
    void theServiceUsesTheDatabaseThatComposeStarts() {
        Map<String, String> db = environment("db");
        Map<String, String> service = environment("verbatim");
        assertThat(service.get("QUARKUS_DATASOURCE_PASSWORD"), equalTo(db.get("POSTGRES_PASSWORD")));
        assertThat(service.get("QUARKUS_DATASOURCE_USERNAME"), equalTo(db.get("POSTGRES_USER")));
        assertThat(service.get("QUARKUS_DATASOURCE_JDBC_URL"),
                equalTo("jdbc:postgresql://db:5432/" + db.get("POSTGRES_DB")));
    }

    @Test
    void configuresAUserBecauseThePackagedServiceRefusesToStartWithout() {
        Map<String, String> service = environment("verbatim");
        List<String> hashes = service.keySet().stream()
                .filter(k -> k.matches("VERBATIM_SECURITY_USERS_[A-Z0-9]+_PASSWORD_HASH")).toList();
        assertFalse(hashes.isEmpty(), "no VERBATIM_SECURITY_USERS_<NAME>_PASSWORD_HASH");
        for (String hash : hashes) {
            String roles = hash.replace("_PASSWORD_HASH", "_ROLES");
            assertThat(service, hasKey(roles));
            assertThat(service.get(roles), matchesPattern("(editor|admin)(,(editor|admin))*"));
        }
    }

    @Test
    void runsTwoInstancesSharingTheDatabaseAndTheSearchIndex() {
        Map<String, Object> verbatim = service("verbatim");
        assertThat(verbatim, not(hasKey("scale")));
        assertThat(at(verbatim, "deploy", "replicas"), equalTo(2));
        Map<String, Object> environment = mapAt(verbatim, "environment");
        assertThat(environment.get("VERBATIM_SEARCH_BACKEND"), equalTo("elasticsearch"));
        assertThat(environment.get("VERBATIM_SEARCH_HOSTS"), equalTo("http://opensearch:9200"));
        assertThat("a memory limit, which sizes the heap", at(verbatim, "deploy", "resources", "limits", "memory"),
                notNullValue());
    }

    @Test
    void publishesOnlyTheServicesHttpPort() {
        assertThat(service("db"), not(hasKey("ports")));
        assertThat(service("opensearch"), not(hasKey("ports")));
        List<Object> ports = listAt(service("verbatim"), "ports");
        assertThat(ports.size(), equalTo(1));
        assertTrue(String.valueOf(ports.get(0)).endsWith(":8080"), "publishes the container's port 8080");
    }

    @Test
    void namesItsProjectSoVolumeNamesDoNotDependOnTheFolder() {
        assertThat(COMPOSE_FILE.get("name"), equalTo("verbatim"));
    }
}
