package org.verbatim.deploy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.verbatim.deploy.DeployFiles.DOCKERFILE;
import static org.verbatim.deploy.DeployFiles.DOCKERIGNORE;
import static org.verbatim.deploy.DeployFiles.ROOT;
import static org.verbatim.deploy.DeployFiles.dataDir;
import static org.verbatim.deploy.DeployFiles.dockerfile;
import static org.verbatim.deploy.DeployFiles.dockerfileArguments;
import static org.verbatim.deploy.DeployFiles.dockerfileEnv;
import static org.verbatim.deploy.DeployFiles.imageUid;
import static org.verbatim.deploy.DeployFiles.read;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.verbatim.deploy.DeployFiles.Instruction;

class DockerfileTest {

    private static final String APP = "target/quarkus-app/";

    @Test
    void buildsOnAJava17RuntimeImage() {
        List<String> from = dockerfileArguments("FROM");
        assertThat(from, hasSize(1));
        assertThat(from.get(0), matchesPattern(
                "eclipse-temurin:17-jre|registry\\.access\\.redhat\\.com/ubi\\d/openjdk-17-runtime:[\\d.]+"));
    }

    @Test
    void runsAsANumericNonRootUser() {
        assertThat(imageUid(), greaterThan(0));
        List<Instruction> instructions = dockerfile();
        int lastUser = lastIndexOf(instructions, "USER");
        assertTrue(lastUser > lastIndexOf(instructions, "RUN") && lastUser > lastIndexOf(instructions, "COPY"),
                "the non-root USER comes after the last RUN and COPY");
    }

    @Test
    void installsNoPackages() {
        for (String run : dockerfileArguments("RUN")) {
            assertThat(run, not(matchesPattern(
                    "(?s).*\\b(apt-get|apt|dpkg|microdnf|dnf|yum|rpm|apk|curl|wget|pip)\\b.*")));
        }
    }

    @Test
    void exposesTheHttpPort() {
        assertThat(dockerfileArguments("EXPOSE"), contains("8080"));
    }

    @Test
    void keepsItsDataInAVolumeOwnedByTheServiceUser() {
        String dataDir = dataDir();
        assertThat(dataDir, startsWith("/"));
        assertThat(dockerfileArguments("VOLUME"), contains(dataDir));
        String run = String.join("\n", dockerfileArguments("RUN"));
        assertThat("the data directory exists in the image", run, containsString("mkdir -p " + dataDir));
        assertThat("and belongs to the service's user", run, containsString("chown " + imageUid() + ":0 " + dataDir));
    }

    @Test
    void sizesTheHeapByTheContainersMemory() {
        assertThat(dockerfileEnv("JDK_JAVA_OPTIONS"), matchesPattern(".*-XX:MaxRAMPercentage=\\d+(\\.\\d+)?\\b.*"));
    }

    @Test
    void startsJavaAsTheMainProcess() {
        List<String> entrypoint = dockerfileArguments("ENTRYPOINT");
        assertThat(entrypoint, hasSize(1));
        // Exec form: java is PID 1 and gets SIGTERM, so H2 is closed cleanly on stop.
        assertThat(entrypoint.get(0), startsWith("[\"java\""));
        assertThat(entrypoint.get(0), containsString("/deployments/quarkus-run.jar"));
    }

    @Test
    void checksReadinessAsItsHealth() {
        List<String> healthchecks = dockerfileArguments("HEALTHCHECK");
        assertThat(healthchecks, hasSize(1));
        Matcher script = Pattern.compile("CMD \\[\"bash\", \"(/[^\"]+)\"]").matcher(healthchecks.get(0));
        assertTrue(script.find(), "HEALTHCHECK runs a script with bash: " + healthchecks.get(0));
        assertThat("the script is copied into the image", dockerfileArguments("COPY"),
                hasItem("docker/healthcheck.sh " + script.group(1)));
        String source = read(ROOT.resolve("docker/healthcheck.sh"));
        assertThat(source, containsString("GET /q/health/ready "));
        assertThat(source, containsString("QUARKUS_HTTP_PORT:-8080"));
    }

    @Test
    void copiesTheApplicationInCacheFriendlyLayers() {
        List<String> sources = copies();
        int lib = sources.indexOf(APP + "lib/");
        int runner = sources.indexOf(APP + "quarkus-run.jar");
        int quarkus = sources.indexOf(APP + "quarkus/");
        int app = sources.indexOf(APP + "app/");
        assertTrue(lib >= 0 && runner >= 0 && quarkus >= 0 && app >= 0, "copies every part of the fast-jar: " + sources);
        assertTrue(lib < runner && runner < quarkus && quarkus < app,
                "dependencies first, application classes last: " + sources);
    }

    @Test
    void dockerignoreLetsThroughOnlyWhatTheImageCopies() {
        List<String> patterns = read(DOCKERIGNORE).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat("everything is excluded first", patterns.get(0), equalTo("*"));
        List<String> allowed = patterns.stream().filter(p -> p.startsWith("!"))
                .map(p -> p.substring(1).replaceAll("/$", "")).toList();
        assertThat(patterns.size(), equalTo(allowed.size() + 1));
        for (String source : copies()) {
            assertTrue(allowed.stream().anyMatch(a -> source.equals(a) || source.startsWith(a + "/")),
                    ".dockerignore lets through " + source);
            assertTrue(Files.exists(ROOT.resolve(source)) || source.startsWith("target/"), source + " exists");
        }
        // The fast-jar directory as a whole (its parts are copied one by one), and the other sources exactly.
        for (String exception : allowed) {
            assertTrue(exception.equals(APP.replaceAll("/$", "")) || copies().contains(exception),
                    ".dockerignore lets through " + exception + ", more than the image copies");
        }
    }

    @Test
    void committedFilesHoldNoPassword() {
        assertFalse(DeployFiles.BCRYPT.matcher(read(DOCKERFILE)).find());
        for (String env : dockerfileArguments("ENV")) {
            for (String assignment : env.split("\\s+(?=[A-Z_]+=)")) {
                String name = assignment.split("=", 2)[0];
                assertFalse(DeployFiles.SECRET_NAME.matcher(name).matches(), "the image sets " + name);
            }
        }
    }

    /** The sources of the COPY instructions, in order (flags such as --chown skipped). */
    private static List<String> copies() {
        List<String> sources = new ArrayList<>();
        for (String copy : dockerfileArguments("COPY")) {
            List<String> words = new ArrayList<>(List.of(copy.split("\\s+")));
            words.removeIf(w -> w.startsWith("--"));
            sources.addAll(words.subList(0, words.size() - 1));
        }
        return sources;
    }

    private static int lastIndexOf(List<Instruction> instructions, String keyword) {
        for (int i = instructions.size() - 1; i >= 0; i--) {
            if (instructions.get(i).keyword().equals(keyword)) {
                return i;
            }
        }
        return -1;
    }
}
