package org.verbatim.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads the deployment files under docker/ for the tests of this package. */
final class DeployFiles {

    static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    static final Path DOCKER = ROOT.resolve("docker");
    static final Path DOCKERFILE = DOCKER.resolve("Dockerfile.jvm");
    static final Path COMPOSE = DOCKER.resolve("compose.yaml");
    static final Path KUBERNETES = DOCKER.resolve("kubernetes");
    static final Path DOCKERIGNORE = ROOT.resolve(".dockerignore");

    /** Names of settings whose values must never be written into a deployment file. */
    static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|passwd|secret|token|hash|credential|api_?key).*");
    /** A bcrypt hash anywhere in a file means a password was committed. */
    static final Pattern BCRYPT = Pattern.compile("\\$2[abxy]?\\$\\d{2}\\$[./A-Za-z0-9]{53}");

    private DeployFiles() {}

    static String read(Path file) {
        assertTrue(Files.isRegularFile(file), file + " is missing");
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML document of a file, as maps (a file may hold several, separated by ---). */
    static List<Map<String, Object>> yamlDocuments(Path file) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : yaml.loadAll(read(file))) {
            if (document != null) {
                documents.add(map(document, file.getFileName().toString()));
            }
        }
        return documents;
    }

    static Map<String, Object> yaml(Path file) {
        List<Map<String, Object>> documents = yamlDocuments(file);
        if (documents.size() != 1) {
            fail(file + " should hold one YAML document, not " + documents.size());
        }
        return documents.get(0);
    }

    static List<Path> kubernetesFiles() {
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String where) {
        if (!(value instanceof Map)) {
            fail(where + " should be a mapping, is " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value, String where) {
        if (!(value instanceof List)) {
            fail(where + " should be a list, is " + value);
        }
        return (List<Object>) value;
    }

    /** Follows a path of keys through nested maps; fails with the path when a step is missing. */
    static Object at(Map<String, Object> root, String... keys) {
        Object current = root;
        StringBuilder where = new StringBuilder();
        for (String key : keys) {
            Map<String, Object> map = map(current, where.length() == 0 ? "document" : where.toString());
            where.append(where.length() == 0 ? "" : ".").append(key);
            if (!map.containsKey(key)) {
                fail("missing " + where);
            }
            current = map.get(key);
        }
        return current;
    }

    static Map<String, Object> mapAt(Map<String, Object> root, String... keys) {
        return map(at(root, keys), String.join(".", keys));
    }

    static List<Object> listAt(Map<String, Object> root, String... keys) {
        return list(at(root, keys), String.join(".", keys));
    }

    /** One instruction of a Dockerfile: keyword in upper case, arguments with line continuations joined. */
    record Instruction(String keyword, String arguments) {}

    static List<Instruction> dockerfile() {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : read(DOCKERFILE).split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.length() == 0)) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String text = pending.toString().strip();
            pending.setLength(0);
            if (text.isEmpty()) {
                continue;
            }
            String[] parts = text.split("\\s+", 2);
            instructions.add(new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1].strip() : ""));
        }
        return instructions;
    }

    static List<String> dockerfileArguments(String keyword) {
        return dockerfile().stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
    }

    /** The value the Dockerfile's ENV gives a variable (both "ENV K=V ..." and "ENV K V" forms). */
    static String dockerfileEnv(String name) {
        String value = null;
        for (String arguments : dockerfileArguments("ENV")) {
            java.util.regex.Matcher assignment = Pattern
                    .compile("(?:^|\\s)" + Pattern.quote(name) + "=(\"[^\"]*\"|\\S+)").matcher(arguments);
            if (assignment.find()) {
                value = assignment.group(1).replaceAll("^\"|\"$", "");
            } else if (arguments.startsWith(name + " ")) {
                value = arguments.substring(name.length()).strip();
            }
        }
        if (value == null) {
            fail("docker/Dockerfile.jvm sets no ENV " + name);
        }
        return value;
    }

    /** The directory the service keeps its data in, inside the image. */
    static String dataDir() {
        return dockerfileEnv("VERBATIM_DATA_DIR");
    }

    /** The numeric user the image runs as (the last USER instruction). */
    static int imageUid() {
        List<String> users = dockerfileArguments("USER");
        if (users.isEmpty()) {
            fail("docker/Dockerfile.jvm has no USER: it would run as root");
        }
        String user = users.get(users.size() - 1).split(":")[0];
        if (!user.matches("\\d+")) {
            fail("the final USER should be numeric so that Kubernetes can check runAsNonRoot, is " + user);
        }
        return Integer.parseInt(user);
    }
}
