package io.tdeguard.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * deploy/jvm/Dockerfile without a container engine: its training script, entry command and environment run against
 * the packaged application, copied to a directory that stands for the image's /deployments. The image's environment
 * alone selects the prod profile; {@code migrate} passes through the entry command; the start-up cache is written
 * and used.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageEntryCommandIT {

    private static final String IMAGE_DIR = "/deployments";

    private Dockerfile image;
    private Path deployments;
    private ProdDatabase database;

    @BeforeAll
    void copyTheApplicationAsTheImageDoes() throws Exception {
        image = Dockerfile.read(Path.of("deploy/jvm/Dockerfile"));
        deployments = Files.createTempDirectory("tdeguard-deployments");
        copy(PackagedApp.APP, deployments);
        database = ProdDatabase.empty();
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (database != null) {
            database.close();
        }
        try (Stream<Path> files = Files.walk(deployments)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    @Test
    void theImageServesTheProdProfileOnPort9000AndMigratesThroughItsEntryCommand() throws Exception {
        Map<String, String> env = image.env();
        assertEquals("prod", env.get("QUARKUS_PROFILE"));
        assertEquals("9000", env.get("QUARKUS_HTTP_PORT"));
        assertTrue(image.exposes("9000"), "EXPOSE 9000");
        assertTrue(image.user().matches("\\d+") && !image.user().equals("0"), "a non-root USER: " + image.user());

        // The image's training script writes the start-up cache the entry command uses, trained with the options
        // the entry command runs with, against a real database (as its owner: the migrate step, then a start).
        List<String> options = image.trainingOptions();
        assertEquals(local(env.get("JAVA_OPTS")).replace("-XX:AOTCache=" + deployments.resolve("app.aot") + " ", ""),
                String.join(" ", options), "the cache is trained with the options it serves with");
        List<String> training = new ArrayList<>(List.of("deploy/jvm/train-aot", deployments.toString()));
        training.addAll(options);
        PackagedApp.Exit trained = PackagedApp.run(training, deployment("tdeguard_owner",
                Map.of("TDEGUARD_DATABASE_ALLOW_PRIVILEGED_ROLE", "true", "TDEGUARD_TDE_BACKEND", "openapi",
                        "QUARKUS_HTTP_PORT", String.valueOf(PackagedApp.freePort()))));
        assertEquals(0, trained.code(), trained.output());
        assertTrue(Files.size(deployments.resolve("app.aot")) > 1_000_000, "the cache is written");
        assertTrue(env.get("JAVA_OPTS").contains("-XX:AOTCache=" + IMAGE_DIR + "/app.aot"));

        // The entry command with the image's environment, and nothing but the deployment's settings: prod by the
        // environment alone (no backend configured: the prod profile's refusal).
        PackagedApp.Exit refused = PackagedApp.run(entry(), deployment("tdeguard_app", Map.of()));
        assertNotEquals(0, refused.code(), refused.output());
        assertTrue(refused.output().contains("refusing to start: tdeguard.tde.backend"), refused.output());

        PackagedApp.Exit migrate = PackagedApp.run(entry("migrate"), deployment("tdeguard_owner", Map.of()));
        assertEquals(0, migrate.code(), migrate.output());
        assertTrue(migrate.output().contains("the database schema is at version " + SchemaVersion.EXPECTED),
                migrate.output());
        database.applyRoles();

        // Port 9000 stands in for a free one: test runs of several checkouts share these machines.
        int port = PackagedApp.freePort();
        String output = PackagedApp.serve(entry(), deployment("tdeguard_app",
                Map.of("TDEGUARD_TDE_BACKEND", "openapi", "QUARKUS_HTTP_PORT", String.valueOf(port),
                        // AOTMode=on: a cache that cannot be used stops the start instead of being ignored.
                        "JAVA_OPTS", local(env.get("JAVA_OPTS")) + " -XX:AOTMode=on")), port, (http, base) -> {
                });
        // Whatever it logged by the time it was ready (the started line may come after), as JSON.
        assertTrue(output.lines().findFirst().orElse("").matches("\\{\"timestamp\":.*\"level\":.*\\}"),
                "JSON logs, as prod writes them: " + output);
    }

    /** The entry command, with the image's directory standing for /deployments. */
    private List<String> entry(String... args) {
        List<String> command = new ArrayList<>(image.entrypoint());
        command.replaceAll(this::local);
        command.addAll(List.of(args));
        return command;
    }

    private Map<String, String> deployment(String role, Map<String, String> more) {
        Map<String, String> env = new LinkedHashMap<>(image.env());
        env.replaceAll((key, value) -> local(value));
        env.put("PATH", javaOnPath());
        env.putAll(PackagedApp.prodEnvironment());
        env.remove("QUARKUS_LOG_CONSOLE_JSON_ENABLED");
        env.putAll(database.as(role));
        env.putAll(more);
        return env;
    }

    private String local(String text) {
        return text.replace(IMAGE_DIR, deployments.toString());
    }

    /**
     * The image's {@code java} is a Java 25 on its PATH: here the JVM running the tests when it is one, else
     * {@code JAVA25_HOME}, else the Temurin 25 these machines carry.
     */
    private static String javaOnPath() {
        List<Path> candidates = new ArrayList<>();
        if (Runtime.version().feature() >= 25) {
            candidates.add(Path.of(System.getProperty("java.home")));
        }
        Optional.ofNullable(System.getenv("JAVA25_HOME")).map(Path::of).ifPresent(candidates::add);
        candidates.add(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"));
        Path home = candidates.stream().filter(candidate -> Files.isExecutable(candidate.resolve("bin/java")))
                .findFirst().orElseThrow(() -> new AssertionError("the JVM image runs Java 25 (its AOT cache): set "
                        + "JAVA25_HOME to a JDK 25 to test its entry command"));
        return home.resolve("bin") + ":/usr/bin:/bin";
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
