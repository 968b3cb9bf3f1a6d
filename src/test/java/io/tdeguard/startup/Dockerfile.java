package io.tdeguard.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The instructions of a Dockerfile's last stage that a test can run without a container engine: ENV, ENTRYPOINT
 * (exec form), EXPOSE, USER and RUN. Continuation lines are joined; only what our Dockerfiles use is understood.
 */
record Dockerfile(List<String> lastStage) {

    private static final Pattern ENV_PAIR = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");

    static Dockerfile read(Path file) throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            if (current.isEmpty() && (line.isBlank() || line.strip().startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            instructions.add(current.append(line).toString().strip());
            current.setLength(0);
        }
        int from = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM ")) {
                from = i;
            }
        }
        return new Dockerfile(List.copyOf(instructions.subList(from, instructions.size())));
    }

    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String instruction : arguments("ENV")) {
            Matcher pair = ENV_PAIR.matcher(instruction);
            while (pair.find()) {
                String value = pair.group(2);
                env.put(pair.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
            }
        }
        return env;
    }

    List<String> entrypoint() {
        try {
            return new ObjectMapper().readValue(arguments("ENTRYPOINT").get(0), new TypeReference<List<String>>() {
            });
        } catch (IOException e) {
            throw new IllegalStateException("ENTRYPOINT is not in exec form", e);
        }
    }

    boolean exposes(String port) {
        return arguments("EXPOSE").stream().anyMatch(ports -> List.of(ports.split("\\s+")).contains(port));
    }

    String user() {
        List<String> users = arguments("USER");
        return users.isEmpty() ? "0" : users.get(users.size() - 1);
    }

    /** The JVM options the RUN instruction gives {@code train-aot /deployments}, up to the next {@code &&}. */
    List<String> trainingOptions() {
        String run = arguments("RUN").stream().filter(command -> command.contains("train-aot /deployments"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no RUN calls train-aot /deployments"));
        String after = run.substring(run.indexOf("train-aot /deployments") + "train-aot /deployments".length());
        int end = after.indexOf("&&");
        return List.of((end < 0 ? after : after.substring(0, end)).strip().split("\\s+"));
    }

    private List<String> arguments(String keyword) {
        return lastStage.stream().filter(instruction -> instruction.startsWith(keyword + " "))
                .map(instruction -> instruction.substring(keyword.length() + 1).strip()).toList();
    }
}
