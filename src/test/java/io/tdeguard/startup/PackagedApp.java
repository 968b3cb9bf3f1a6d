package io.tdeguard.startup;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application (target/quarkus-app) started as a separate process, as the images and the README start
 * it: {@code java [options] -jar quarkus-run.jar [args]} with an environment of its own (nothing of the caller's
 * QUARKUS_* or TDEGUARD_* leaks in).
 */
final class PackagedApp {

    static final Path APP = Path.of("target/quarkus-app");
    static final Duration READY_WITHIN = Duration.ofSeconds(120);

    record Exit(int code, String output) {
    }

    private PackagedApp() {
    }

    /** Prod settings with throwaway keys; the caller adds the database, the backend and the rest. */
    static Map<String, String> prodEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TDEGUARD_ACCOUNT_ID", "1234567890123456");
        env.put("TDEGUARD_SECRETS_ENCRYPTION_KEY", "Evg/QW6WdsLcv9Kdxf228bPfGXmyjOcLDsuAIAGqskk=");
        env.put("TDEGUARD_AUDIT_CHECKPOINT_PRIVATE_KEY",
                "MC4CAQAwBQYDK2VwBCIEIDRp6O0vzxoTP/eUSZQH+1aweZN7lMdsrniNaCdyEGU+");
        env.put("TDEGUARD_AUDIT_TAG_KEY", "gB8YnC+v3N0Ed9Te/IvrKedEpziz3uGC5mtkFCSy2Vk=");
        env.put("TDEGUARD_OPENAPI_CREDENTIALS_SOURCE", "static");
        env.put("TDEGUARD_AUTH_ACCEPTED_HOSTS", "localhost");
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        return env;
    }

    static ProcessBuilder process(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("QUARKUS_") || key.startsWith("TDEGUARD_")
                || key.startsWith("JAVA_TOOL_OPTIONS") || key.equals("JAVA_OPTS"));
        builder.environment().putAll(env);
        builder.redirectOutput(Files.createTempFile("tdeguard-packaged", ".log").toFile());
        return builder;
    }

    static List<String> javaJar(String... args) {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Dquarkus.profile=prod", "-jar",
                APP.resolve("quarkus-run.jar").toString()));
        command.addAll(List.of(args));
        return command;
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs to its end (a command, or a start that is refused). */
    static Exit run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = process(command, env);
        Process process = builder.start();
        if (!process.waitFor(READY_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("did not end within " + READY_WITHIN + ": " + output(builder));
        }
        return new Exit(process.exitValue(), output(builder));
    }

    /** Starts it, waits for a ready /q/health/ready on {@code port}, hands it to {@code body}, and stops it. */
    static String serve(List<String> command, Map<String, String> env, int port, Body body) throws Exception {
        ProcessBuilder builder = process(command, env);
        Process process = builder.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
            long deadline = System.nanoTime() + READY_WITHIN.toNanos();
            while (true) {
                if (!process.isAlive()) {
                    throw new AssertionError("exited with " + process.exitValue() + " before it was ready: "
                            + output(builder));
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not ready within " + READY_WITHIN + ": " + output(builder));
                }
                try {
                    if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            body.run(http, "http://127.0.0.1:" + port);
            return output(builder);
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    interface Body {
        void run(HttpClient http, String baseUrl) throws Exception;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String output(ProcessBuilder builder) throws IOException {
        return Files.readString(builder.redirectOutput().file().toPath(), StandardCharsets.UTF_8);
    }
}
