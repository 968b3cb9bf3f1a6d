package io.tdeguard.client;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.tdeguard.signature.AccessKeySecret;
import io.tdeguard.signature.Acs3Authorization;

/**
 * The AccessKey a call is signed with.
 *
 * @param securityToken an STS token, sent and signed as {@code x-acs-security-token} when present
 */
record Credentials(String accessKeyId, AccessKeySecret secret, Optional<String> securityToken) {

    static final String ACCESS_KEY_ID_VARIABLE = "ALIBABA_CLOUD_ACCESS_KEY_ID";
    static final String ACCESS_KEY_SECRET_VARIABLE = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
    static final String SECURITY_TOKEN_VARIABLE = "ALIBABA_CLOUD_SECURITY_TOKEN";

    /**
     * The identity {@code name} of a properties file with {@code NAME.AccessKeyId} and {@code NAME.AccessKeySecret}.
     *
     * @throws UsageException if the file cannot be read or lacks either key
     */
    static Credentials fromIdentities(Path file, String name) throws UsageException {
        Properties identities = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            identities.load(reader);
        } catch (NoSuchFileException e) {
            throw new UsageException("identities file '" + file + "' does not exist");
        } catch (IOException e) {
            throw new UsageException("cannot read identities file '" + file + "': " + e.getMessage());
        }
        String accessKeyId = identities.getProperty(name + ".AccessKeyId");
        String secret = identities.getProperty(name + ".AccessKeySecret");
        if (isBlank(accessKeyId) || isBlank(secret)) {
            throw new UsageException("no identity '" + name + "' in '" + file + "': expected "
                    + name + ".AccessKeyId and " + name + ".AccessKeySecret");
        }
        return of(accessKeyId, secret, Optional.empty());
    }

    /**
     * The credentials of the standard Alibaba Cloud environment variables.
     *
     * @throws UsageException if the AccessKeyId or secret is not set
     */
    static Credentials fromEnvironment(Map<String, String> environment) throws UsageException {
        String accessKeyId = environment.get(ACCESS_KEY_ID_VARIABLE);
        String secret = environment.get(ACCESS_KEY_SECRET_VARIABLE);
        if (isBlank(accessKeyId) || isBlank(secret)) {
            throw new UsageException("no credentials: use --as NAME, or set "
                    + ACCESS_KEY_ID_VARIABLE + " and " + ACCESS_KEY_SECRET_VARIABLE);
        }
        Optional<String> securityToken =
                Optional.ofNullable(environment.get(SECURITY_TOKEN_VARIABLE)).filter(token -> !isBlank(token));
        return of(accessKeyId, secret, securityToken);
    }

    private static Credentials of(String accessKeyId, String secret, Optional<String> securityToken)
            throws UsageException {
        // Surrounding whitespace is a copy-and-paste accident: AccessKeyIds and secrets are alphanumeric.
        String trimmedId = accessKeyId.trim();
        if (!Acs3Authorization.isValidAccessKeyId(trimmedId)) {
            throw new UsageException("malformed AccessKeyId '" + trimmedId + "'");
        }
        return new Credentials(trimmedId, AccessKeySecret.of(secret.trim()), securityToken.map(String::trim));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
