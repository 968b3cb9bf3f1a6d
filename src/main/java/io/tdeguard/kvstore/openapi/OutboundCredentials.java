package io.tdeguard.kvstore.openapi;

import java.util.Objects;
import java.util.Optional;

import io.tdeguard.signature.AccessKeySecret;

/**
 * The AccessKey an outbound call is signed with: a static one, or STS credentials with their security token.
 * {@link #toString()} names the AccessKeyId only: neither the secret nor the token can reach a log by accident.
 *
 * @param securityToken the STS token, sent and signed as {@code x-acs-security-token}; null for a static key
 */
public record OutboundCredentials(String accessKeyId, AccessKeySecret secret, String securityToken) {

    public OutboundCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secret, "secret");
    }

    public Optional<String> token() {
        return Optional.ofNullable(securityToken);
    }

    @Override
    public String toString() {
        return "OutboundCredentials[" + accessKeyId + (securityToken == null ? "" : ", sts") + "]";
    }
}
