package org.verbatim.deploy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.verbatim.deploy.DeployFiles.BCRYPT;
import static org.verbatim.deploy.DeployFiles.KUBERNETES;
import static org.verbatim.deploy.DeployFiles.SECRET_NAME;
import static org.verbatim.deploy.DeployFiles.at;
import static org.verbatim.deploy.DeployFiles.dataDir;
import static org.verbatim.deploy.DeployFiles.imageUid;
import static org.verbatim.deploy.DeployFiles.kubernetesFiles;
import static org.verbatim.deploy.DeployFiles.listAt;
import static org.verbatim.deploy.DeployFiles.map;
import static org.verbatim.deploy.DeployFiles.mapAt;
import static org.verbatim.deploy.DeployFiles.read;
import static org.verbatim.deploy.DeployFiles.yaml;
import static org.verbatim.deploy.DeployFiles.yamlDocuments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KubernetesManifestsTest {

    private static final Set<String> DATABASE_SETTINGS = Set.of("QUARKUS_DATASOURCE_JDBC_URL",
            "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD");

    /** Every Kubernetes object in docker/kubernetes (the kustomization file is not one). */
    private static List<Map<String, Object>> objects() {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Path file : kubernetesFiles()) {
            for (Map<String, Object> document : yamlDocuments(file)) {
                if (!"Kustomization".equals(document.get("kind"))) {
                    assertThat(file + " has apiVersion, kind and metadata.name", document.keySet(),
                            hasItem("apiVersion"));
                    at(document, "metadata", "name");
                    objects.add(document);
                }
            }
        }
        return objects;
    }

    private static List<Map<String, Object>> objects(String kind) {
        return objects().stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    private static Map<String, Object> only(String kind) {
        List<Map<String, Object>> found = objects(kind);
        assertThat("one " + kind, found.size(), equalTo(1));
        return found.get(0);
    }

    private static Map<String, Object> deployment() {
        return only("Deployment");
    }

    private static Map<String, Object> container() {
        List<Object> containers = listAt(deployment(), "spec", "template", "spec", "containers");
        assertThat(containers.size(), equalTo(1));
        return map(containers.get(0), "container");
    }

    private static int containerPort(Object port) {
        if (port instanceof Integer number) {
            return number;
        }
        for (Object declared : listAt(container(), "ports")) {
            Map<String, Object> p = map(declared, "port");
            if (port.equals(p.get("name"))) {
                return (Integer) p.get("containerPort");
            }
        }
        return fail("no container port named " + port);
    }

    @Test
    void kustomizationListsTheManifestsButNoSecret() {
        Map<String, Object> kustomization = yaml(KUBERNETES.resolve("kustomization.yaml"));
        List<Object> resources = listAt(kustomization, "resources");
        for (Object resource : resources) {
            Path file = KUBERNETES.resolve(String.valueOf(resource));
            assertTrue(Files.isRegularFile(file), resource + " exists");
            for (Map<String, Object> document : yamlDocuments(file)) {
                assertThat(resource + " holds no Secret: it is created apart", document.get("kind"),
                        not(equalTo("Secret")));
            }
        }
        for (String kind : List.of("Deployment", "Service", "PersistentVolumeClaim")) {
            assertTrue(resources.stream().anyMatch(r -> yamlDocuments(KUBERNETES.resolve(String.valueOf(r)))
                    .stream().anyMatch(d -> kind.equals(d.get("kind")))), "kustomization applies the " + kind);
        }
    }

    @Test
    void runsOneInstanceReplacedNotRolled() {
        assertThat(at(deployment(), "spec", "replicas"), equalTo(1));
        assertThat(at(deployment(), "spec", "strategy", "type"), equalTo("Recreate"));
    }

    @Test
    void probesLivenessReadinessAndStart() {
        Map<String, Object> container = container();
        assertThat(at(container, "livenessProbe", "httpGet", "path"), equalTo("/q/health/live"));
        assertThat(at(container, "readinessProbe", "httpGet", "path"), equalTo("/q/health/ready"));
        assertThat(at(container, "startupProbe", "httpGet", "path"), equalTo("/q/health/started"));
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(probe + " asks the HTTP port", containerPort(at(container, probe, "httpGet", "port")),
                    equalTo(8080));
        }
    }

    @Test
    void requestsAndLimitsCpuAndMemory() {
        Map<String, Object> resources = mapAt(container(), "resources");
        for (String kind : List.of("cpu", "memory")) {
            at(resources, "requests", kind);
            at(resources, "limits", kind);
        }
        long requested = bytes(String.valueOf(at(resources, "requests", "memory")));
        long limit = bytes(String.valueOf(at(resources, "limits", "memory")));
        assertThat(requested, lessThanOrEqualTo(limit));
        assertThat("room for the heap (75% of the limit) and the rest of the JVM", limit,
                greaterThan(512L * 1024 * 1024 - 1));
        assertThat(millicores(String.valueOf(at(resources, "requests", "cpu"))),
                lessThanOrEqualTo(millicores(String.valueOf(at(resources, "limits", "cpu")))));
    }

    @Test
    void runsAsTheImagesNonRootUserWithoutPrivileges() {
        Map<String, Object> pod = mapAt(deployment(), "spec", "template", "spec", "securityContext");
        assertThat(pod.get("runAsNonRoot"), equalTo(true));
        assertThat(pod.get("runAsUser"), equalTo(imageUid()));
        Map<String, Object> container = mapAt(container(), "securityContext");
        assertThat(container.get("allowPrivilegeEscalation"), equalTo(false));
        assertThat(at(container, "capabilities", "drop"), equalTo(List.of("ALL")));
        if (Boolean.TRUE.equals(container.get("readOnlyRootFilesystem"))) {
            assertThat("a writable /tmp for the JVM", mounts(), hasKey("/tmp"));
        }
    }

    @Test
    void keepsTheDataDirectoryOnTheClaimedVolume() {
        Map<String, String> mounts = mounts();
        assertThat(mounts, hasKey(dataDir()));
        String volume = mounts.get(dataDir());
        Object claim = null;
        for (Object v : listAt(deployment(), "spec", "template", "spec", "volumes")) {
            Map<String, Object> declared = map(v, "volume");
            if (volume.equals(declared.get("name"))) {
                claim = at(declared, "persistentVolumeClaim", "claimName");
            }
        }
        List<Object> claims = objects("PersistentVolumeClaim").stream().map(o -> at(o, "metadata", "name")).toList();
        assertThat(claims, hasItem(claim));
    }

    @Test
    void takesCredentialsAndDatabaseSettingsFromTheSecret() {
        Map<String, Object> container = container();
        for (Object entry : (List<?>) container.getOrDefault("env", List.of())) {
            Map<String, Object> variable = map(entry, "env");
            String name = String.valueOf(variable.get("name"));
            if (SECRET_NAME.matcher(name).matches() || DATABASE_SETTINGS.contains(name)) {
                assertFalse(variable.containsKey("value"), name + " is written into the Deployment");
                at(variable, "valueFrom", "secretKeyRef", "name");
            }
        }
        List<String> secretRefs = new ArrayList<>();
        for (Object entry : (List<?>) container.getOrDefault("envFrom", List.of())) {
            Map<String, Object> source = map(entry, "envFrom");
            if (source.containsKey("secretRef")) {
                secretRefs.add(String.valueOf(at(source, "secretRef", "name")));
            }
        }
        Map<String, Object> secret = only("Secret");
        assertThat(secretRefs, hasItem(String.valueOf(at(secret, "metadata", "name"))));
        Set<String> keys = mapAt(secret, "stringData").keySet();
        assertTrue(keys.containsAll(DATABASE_SETTINGS), "the Secret carries the database settings: " + keys);
        assertTrue(keys.stream().anyMatch(k -> k.matches("VERBATIM_SECURITY_USERS_[A-Z0-9]+_PASSWORD_HASH")),
                "and a user, without whom the service refuses to start: " + keys);
    }

    @Test
    void commitsNoSecretValues() {
        List<Map<String, Object>> secrets = objects("Secret");
        assertThat(secrets, not(empty()));
        for (Map<String, Object> secret : secrets) {
            assertFalse(secret.containsKey("data"), "base64 data is a value, not a placeholder");
            for (Map.Entry<String, Object> entry : mapAt(secret, "stringData").entrySet()) {
                if (SECRET_NAME.matcher(entry.getKey()).matches() || DATABASE_SETTINGS.contains(entry.getKey())) {
                    assertThat(entry.getKey() + " is a placeholder", String.valueOf(entry.getValue()),
                            matchesPattern("\\$\\{[A-Z][A-Z0-9_]*}"));
                }
            }
        }
        for (Path file : kubernetesFiles()) {
            assertFalse(BCRYPT.matcher(read(file)).find(), file + " holds a bcrypt hash");
        }
    }

    @Test
    void theServiceRoutesToThePod() {
        Map<String, Object> service = only("Service");
        Map<String, Object> selector = mapAt(service, "spec", "selector");
        Map<String, Object> labels = mapAt(deployment(), "spec", "template", "metadata", "labels");
        assertThat(labels.entrySet().containsAll(selector.entrySet()), equalTo(true));
        assertThat(mapAt(deployment(), "spec", "selector", "matchLabels"), equalTo(selector));
        for (Object port : listAt(service, "spec", "ports")) {
            assertThat(containerPort(at(map(port, "port"), "targetPort")), equalTo(8080));
        }
    }

    private static Map<String, String> mounts() {
        return listAt(container(), "volumeMounts").stream().map(m -> map(m, "volumeMount"))
                .collect(Collectors.toMap(m -> String.valueOf(m.get("mountPath")), m -> String.valueOf(m.get("name"))));
    }

    private static long bytes(String quantity) {
        Map<String, Long> units = Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30, "K", 1000L, "M", 1000_000L,
                "G", 1000_000_000L);
        for (Map.Entry<String, Long> unit : units.entrySet()) {
            if (quantity.endsWith(unit.getKey()) && quantity.substring(0, quantity.length() - unit.getKey().length())
                    .matches("\\d+")) {
                return Long.parseLong(quantity.substring(0, quantity.length() - unit.getKey().length()))
                        * unit.getValue();
            }
        }
        return Long.parseLong(quantity);
    }

    private static long millicores(String quantity) {
        return quantity.endsWith("m") ? Long.parseLong(quantity.substring(0, quantity.length() - 1))
                : Math.round(Double.parseDouble(quantity) * 1000);
    }
}
