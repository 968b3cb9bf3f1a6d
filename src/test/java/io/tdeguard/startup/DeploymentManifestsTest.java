package io.tdeguard.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The Function Compute and Knative definitions agree with the image (deploy/jvm/Dockerfile) and with how the function
 * must run in production: port 9000, the readiness path, the application role for serving and the owner for
 * migrating, a chosen backend, and no secret written into the files.
 */
class DeploymentManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String READY = "/q/health/ready";

    @Test
    void functionComputeRunsTheImageOnItsPortWithSecretsFromTheEnvironment() throws IOException {
        JsonNode props = YAML.readTree(Path.of("deploy/fc/s.yaml").toFile()).at("/resources/tde-guard/props");
        assertEquals("custom-container", props.path("runtime").asText());
        assertEquals(imagePort(), props.at("/customContainerConfig/port").asInt());
        assertEquals(READY, props.at("/customContainerConfig/healthCheckConfig/httpGetUrl").asText());

        JsonNode env = props.path("environmentVariables");
        assertEquals("prod", env.path("QUARKUS_PROFILE").asText());
        assertEquals("tdeguard_app", env.path("QUARKUS_DATASOURCE_USERNAME").asText());
        assertEquals("openapi", env.path("TDEGUARD_TDE_BACKEND").asText());
        assertFalse(env.path("TDEGUARD_AUTH_ACCEPTED_HOSTS").asText().isBlank(), "prod needs its accepted hosts");
        for (String secret : List.of("QUARKUS_DATASOURCE_PASSWORD", "TDEGUARD_SECRETS_ENCRYPTION_KEY",
                "TDEGUARD_AUDIT_CHECKPOINT_PRIVATE_KEY", "TDEGUARD_AUDIT_TAG_KEY", "TDEGUARD_BOOTSTRAP_ACCESS_KEY_SECRET",
                "QUARKUS_DATASOURCE_JDBC_URL")) {
            assertTrue(env.path(secret).asText().matches("\\$\\{env\\('[A-Z0-9_]+'\\)}"),
                    secret + " comes from the deploying environment, not the file: " + env.path(secret));
        }

        Map<String, JsonNode> triggers = new HashMap<>();
        props.path("triggers").forEach(trigger -> triggers.put(trigger.path("triggerType").asText(), trigger));
        assertEquals("anonymous", triggers.get("http").at("/triggerConfig/authType").asText(),
                "the function authenticates every call itself");
        JsonNode timer = triggers.get("timer").path("triggerConfig");
        assertEquals("RunScheduledWork", YAML.readTree(timer.path("payload").asText()).path("Function").asText());
        assertTrue(timer.path("cronExpression").asText().startsWith("@every"));
    }

    /**
     * Function Compute stops an invocation at the function's timeout: it must outlast the longest ModifyInstanceTDE
     * with the default OpenAPI settings, the region's check and the change's bound (three pre-checks and the change),
     * five calls each with every attempt's timeouts and the doubling backoffs between them (OpenApiClient).
     */
    @Test
    void functionComputeLetsTheLongestChangeEndWithTheDefaultTimeouts() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            defaults.load(in);
        }
        Duration connect = Duration.parse(defaults.getProperty("tdeguard.openapi.connect-timeout"));
        Duration read = Duration.parse(defaults.getProperty("tdeguard.openapi.read-timeout"));
        int attempts = Integer.parseInt(defaults.getProperty("tdeguard.openapi.retry.max-attempts"));
        Duration backoff = Duration.parse(defaults.getProperty("tdeguard.openapi.retry.backoff"));
        Duration oneCall = connect.plus(read).multipliedBy(attempts);
        for (int wait = 0; wait < attempts - 1; wait++) {
            oneCall = oneCall.plus(backoff.multipliedBy(1L << wait));
        }
        Duration longestInvocation = oneCall.multipliedBy(5);

        JsonNode props = YAML.readTree(Path.of("deploy/fc/s.yaml").toFile()).at("/resources/tde-guard/props");
        Duration timeout = Duration.ofSeconds(props.path("timeout").asLong());
        assertTrue(timeout.compareTo(longestInvocation.plusSeconds(30)) > 0, "the function's timeout " + timeout
                + " leaves the database less than 30 s beyond the longest ModifyInstanceTDE, " + longestInvocation);
    }

    @Test
    void knativeServesAsTheApplicationRoleAndMigratesAsTheOwner() throws IOException {
        JsonNode service = YAML.readTree(Path.of("deploy/knative/service.yaml").toFile());
        assertEquals("serving.knative.dev/v1", service.path("apiVersion").asText());
        JsonNode container = service.at("/spec/template/spec/containers/0");
        assertEquals(imagePort(), container.at("/ports/0/containerPort").asInt());
        assertEquals(READY, container.at("/readinessProbe/httpGet/path").asText());
        Map<String, String> env = env(container);
        assertEquals("prod", env.get("QUARKUS_PROFILE"));
        assertEquals("tdeguard_app", env.get("QUARKUS_DATASOURCE_USERNAME"));
        assertEquals("openapi", env.get("TDEGUARD_TDE_BACKEND"));
        assertFalse(env.getOrDefault("TDEGUARD_AUTH_ACCEPTED_HOSTS", "").isBlank(), "prod needs its accepted hosts");

        JsonNode job = YAML.readTree(Path.of("deploy/knative/migrate-job.yaml").toFile());
        assertEquals("Job", job.path("kind").asText());
        JsonNode migrate = job.at("/spec/template/spec/containers/0");
        assertEquals(container.path("image").asText(), migrate.path("image").asText(), "the same image");
        assertEquals(List.of("migrate"), YAML.convertValue(migrate.path("args"), List.class));
        assertEquals("tdeguard_owner", env(migrate).get("QUARKUS_DATASOURCE_USERNAME"));
        assertEquals("Never", job.at("/spec/template/spec/restartPolicy").asText());
        // The migration gets no key of the serving function: no whole Secret, and none of the keys by name.
        assertTrue(migrate.path("envFrom").isMissingNode(), "the Job takes the Secret's entries one by one");
        List<String> names = new ArrayList<>();
        migrate.path("env").forEach(var -> names.add(var.path("name").asText()));
        assertTrue(names.containsAll(List.of("QUARKUS_DATASOURCE_JDBC_URL", "TDEGUARD_ACCOUNT_ID")), names.toString());
        for (String key : List.of("TDEGUARD_SECRETS_ENCRYPTION_KEY", "TDEGUARD_AUDIT_TAG_KEY",
                "TDEGUARD_AUDIT_CHECKPOINT_PRIVATE_KEY", "TDEGUARD_OPENAPI_ACCESS_KEY_SECRET")) {
            assertFalse(names.contains(key), key + " is not the migration's");
        }
    }

    private static int imagePort() throws IOException {
        Dockerfile image = Dockerfile.read(Path.of("deploy/jvm/Dockerfile"));
        Dockerfile nativeImage = Dockerfile.read(Path.of("deploy/native/Dockerfile"));
        assertEquals(image.env().get("QUARKUS_HTTP_PORT"), nativeImage.env().get("QUARKUS_HTTP_PORT"));
        assertTrue(image.exposes("9000") && nativeImage.exposes("9000"));
        return Integer.parseInt(image.env().get("QUARKUS_HTTP_PORT"));
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        List<JsonNode> vars = new ArrayList<>();
        container.path("env").forEach(vars::add);
        vars.stream().filter(var -> var.has("value"))
                .forEach(var -> env.put(var.path("name").asText(), var.path("value").asText()));
        return env;
    }
}
