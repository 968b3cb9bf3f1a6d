package io.tdeguard.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AcsCallArgumentsTest {

    private static final Path DEFAULT_IDENTITIES = Path.of("target/demo-identities.properties");

    private static AcsCallArguments parse(Map<String, String> environment, String... args) throws UsageException {
        return AcsCallArguments.parse(List.of(args), environment, DEFAULT_IDENTITIES);
    }

    @Test
    void parsesActionAndJson() throws UsageException {
        AcsCallArguments arguments = parse(Map.of(), "CreateUser", "{\"UserName\":\"alice\"}");

        assertEquals(new AcsCallArguments(URI.create("http://localhost:8080"), Optional.empty(), DEFAULT_IDENTITIES,
                "CreateUser", "{\"UserName\":\"alice\"}"), arguments);
        assertEquals(URI.create("http://localhost:8080/CreateUser"), arguments.callUri());
    }

    @Test
    void sendsAnEmptyObjectWithoutJson() throws UsageException {
        assertEquals("{}", parse(Map.of(), "LookupEvents").json());
    }

    @Test
    void takesTheEndpointFromTheEnvironmentUnlessGiven() throws UsageException {
        Map<String, String> environment = Map.of("TDEGUARD_ENDPOINT", "https://guard.example.com");

        assertEquals(URI.create("https://guard.example.com"), parse(environment, "LookupEvents").endpoint());
        assertEquals(URI.create("http://127.0.0.1:9000"),
                parse(environment, "--endpoint", "http://127.0.0.1:9000", "LookupEvents").endpoint());
    }

    @Test
    void appendsTheActionToTheEndpointPath() throws UsageException {
        AcsCallArguments arguments = parse(Map.of(), "--endpoint", "https://fc.example.com/2016-08-15/proxy/tde/", "CreateUser");

        assertEquals(URI.create("https://fc.example.com/2016-08-15/proxy/tde/CreateUser"), arguments.callUri());
    }

    @Test
    void readsAnIdentityFromTheGivenFile() throws UsageException {
        AcsCallArguments arguments = parse(Map.of(), "CreateUser", "--as", "admin", "--identities", "/tmp/ids.properties");

        assertEquals(Optional.of("admin"), arguments.identity());
        assertEquals(Path.of("/tmp/ids.properties"), arguments.identitiesFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "--as admin",
        "--endpoint",
        "CreateUser {} extra",
        "--verbose CreateUser",
        "../q/health",
        "Create/User",
        "Create%55ser",
        "--identities ids.properties CreateUser",
        "--endpoint ftp://h CreateUser",
        "--endpoint localhost:8080 CreateUser",
        "--endpoint http://h/?a=1 CreateUser",
    })
    void refusesCommandLinesThatMakeNoCall(String commandLine) {
        String[] args = commandLine.isEmpty() ? new String[0] : commandLine.split(" ");

        assertThrows(UsageException.class, () -> parse(Map.of(), args));
    }
}
