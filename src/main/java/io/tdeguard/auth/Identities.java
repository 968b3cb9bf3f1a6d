package io.tdeguard.auth;

import java.security.SecureRandom;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Creates RAM entities in the caller's transaction, without any permission check: the identity functions check
 * first, the bootstrap administrator and the demo identities need none.
 */
@ApplicationScoped
public class Identities {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretCipher cipher;

    Identities(SecretCipher cipher) {
        this.cipher = cipher;
    }

    /** Creates a user. */
    public RamUser newUser(String userName, String displayName, Instant now) {
        RamUser user = new RamUser();
        user.userName = userName;
        user.displayName = displayName;
        user.createdAt = now;
        user.persist();
        return user;
    }

    /** An active AccessKey whose secret is stored encrypted (SecretCipher). */
    public AccessKey newAccessKey(RamUser user, String accessKeyId, String secret, Instant now) {
        AccessKey key = new AccessKey();
        key.accessKeyId = accessKeyId;
        key.userId = user.id;
        key.secretCiphertext = cipher.encrypt(accessKeyId, secret);
        key.status = AccessKey.ACTIVE;
        key.createdAt = now;
        key.persist();
        return key;
    }

    /** A custom policy at version 1; the document must already be valid. */
    public RamPolicy newPolicy(String policyName, String document, String description, Instant now) {
        RamPolicy policy = new RamPolicy();
        policy.policyName = policyName;
        policy.policyDocument = document;
        policy.description = description;
        policy.defaultVersion = 1;
        policy.createdAt = now;
        policy.persist();
        return policy;
    }

    /** Attaches the policy to a user or group ({@code PolicyAttachment.USER} or {@code GROUP}). */
    public void attach(RamPolicy policy, String principalType, long principalId) {
        PolicyAttachment attachment = new PolicyAttachment();
        attachment.key = new PolicyAttachment.Key(policy.id, principalType, principalId);
        attachment.persist();
    }

    /** {@code length} random characters of [0-9A-Za-z], from a SecureRandom: AccessKey ids and secrets. */
    public static String random(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return text.toString();
    }
}
