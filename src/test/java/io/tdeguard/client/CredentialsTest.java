package io.tdeguard.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

    private static final String SECRET = "demoSecret0123456789abcdefABCDEF";

    @TempDir
    Path directory;

    @Test
    void readsAnIdentityFromAPropertiesFile() throws IOException, UsageException {
        Path identities = Files.writeString(directory.resolve("ids.properties"), """
                admin.UserName=admin
                admin.AccessKeyId=LTAI5tDemoAdmin
                admin.AccessKeySecret=%s
                """.formatted(SECRET));

        Credentials credentials = Credentials.fromIdentities(identities, "admin");

        assertEquals("LTAI5tDemoAdmin", credentials.accessKeyId());
        assertEquals(SECRET, credentials.secret().reveal());
        assertEquals(Optional.empty(), credentials.securityToken());
        assertFalse(credentials.toString().contains(SECRET));
    }

    @Test
    void refusesAnUnknownIdentityOrAMissingFile() throws IOException {
        Path identities = Files.writeString(directory.resolve("ids.properties"), "admin.AccessKeyId=LTAI5tDemoAdmin\n");

        assertThrows(UsageException.class, () -> Credentials.fromIdentities(identities, "admin"));
        assertThrows(UsageException.class, () -> Credentials.fromIdentities(identities, "bob"));
        assertThrows(UsageException.class, () -> Credentials.fromIdentities(directory.resolve("none"), "admin"));
    }

    @Test
    void readsTheStandardEnvironmentVariables() throws UsageException {
        Credentials credentials = Credentials.fromEnvironment(Map.of(
                "ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.NUgYrLnoC37mZZCNnAbez2",
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET,
                "ALIBABA_CLOUD_SECURITY_TOKEN", "CAIS-token"));

        assertEquals("STS.NUgYrLnoC37mZZCNnAbez2", credentials.accessKeyId());
        assertEquals(Optional.of("CAIS-token"), credentials.securityToken());
    }

    @Test
    void refusesIncompleteOrMalformedCredentials() {
        assertThrows(UsageException.class, () -> Credentials.fromEnvironment(Map.of()));
        assertThrows(UsageException.class,
                () -> Credentials.fromEnvironment(Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tDemoAdmin")));
        UsageException malformed = assertThrows(UsageException.class, () -> Credentials.fromEnvironment(Map.of(
                "ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI,Signature=x",
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)));
        assertFalse(malformed.getMessage().contains(SECRET));
    }
}
