package io.tdeguard.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.tdeguard.audit.chain.CheckpointKeys;
import io.tdeguard.audit.tlog.NoteSigner;
import io.tdeguard.audit.tlog.VerifierKey;
import io.tdeguard.config.ServingKeys;
import io.tdeguard.config.TdeGuardConfig;

/**
 * The keys of the audit log, none of them in the database: the HMAC key that tags every stored event (and the
 * retired ones whose tags still verify), and the Ed25519 key that signs checkpoints as C2SP notes under the log's
 * origin (and the retired note keys whose checkpoints still verify).
 *
 * <p>A tag is HMAC-SHA256(key, leaf bytes), base64; a tag key's id is {@code hmac:} and the first 16 hex digits of
 * SHA-256 over the key, so a row names the key that tagged it without revealing it.
 */
@ApplicationScoped
public class AuditKeys {

    private static final int MIN_TAG_KEY_BYTES = 32;

    private final String tagKeyId;
    private final Map<String, byte[]> tagKeys = new LinkedHashMap<>();
    private final ThreadLocal<Map<String, Mac>> macs = ThreadLocal.withInitial(HashMap::new);
    private final String origin;
    private final NoteSigner signer;
    private final CheckpointKeys.SigningKey signingKey;
    private final List<VerifierKey> trustedNoteKeys = new ArrayList<>();

    /** The keys of the configuration; {@link IllegalStateException} naming a key that is missing or unusable. */
    @Inject
    public AuditKeys(TdeGuardConfig config) {
        this(ServingKeys.required(config.audit().tag().key(), ServingKeys.TAG_KEY),
                config.audit().tag().retiredKeys().orElse(List.of()),
                config.audit().origin().orElse(defaultOrigin(config.accountId())),
                ServingKeys.required(config.audit().checkpoint().privateKey(), ServingKeys.CHECKPOINT_KEY),
                config.audit().checkpoint().retiredKeys().orElse(List.of()));
    }

    /** The keys from their configured texts (see the configuration keys tdeguard.audit.*). */
    public AuditKeys(String tagKeyBase64, List<String> retiredTagKeys, String origin, String checkpointPrivateKey,
            List<String> retiredNoteKeys) {
        byte[] tagKey = tagKey(tagKeyBase64, "tdeguard.audit.tag.key");
        this.tagKeyId = tagKeyId(tagKey);
        tagKeys.put(tagKeyId, tagKey);
        for (String retired : retiredTagKeys) {
            byte[] key = tagKey(retired, "tdeguard.audit.tag.retired-keys");
            tagKeys.putIfAbsent(tagKeyId(key), key);
        }
        this.origin = origin;
        try {
            this.signingKey = CheckpointKeys.signingKey(checkpointPrivateKey);
            this.signer = new NoteSigner(origin, new KeyPair(signingKey.publicKey(), signingKey.privateKey()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("tdeguard.audit.checkpoint.private-key or tdeguard.audit.origin is not "
                    + "usable: " + e.getMessage(), e);
        }
        trustedNoteKeys.add(signer.verifierKey());
        for (String retired : retiredNoteKeys) {
            try {
                trustedNoteKeys.add(VerifierKey.parse(retired.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("tdeguard.audit.checkpoint.retired-keys: '" + retired
                        + "' is not a note verifier key: " + e.getMessage(), e);
            }
        }
    }

    /** {@code tdeguard/<account-id>/audit}: the origin of a log whose operator named none. */
    public static String defaultOrigin(String accountId) {
        return "tdeguard/" + accountId + "/audit";
    }

    /** A tag and the id of the key that made it. */
    public record Tag(String keyId, String value) {
    }

    /** The tag of a leaf with the current key. */
    public Tag tag(byte[] leaf) {
        return new Tag(tagKeyId, hmac(tagKeyId, leaf));
    }

    /** Whether {@code tag} is the tag of {@code leaf} under the current or a retired key named {@code keyId}. */
    public boolean verifies(byte[] leaf, String keyId, String tag) {
        if (keyId == null || !tagKeys.containsKey(keyId) || tag == null) {
            return false;
        }
        return MessageDigest.isEqual(hmac(keyId, leaf).getBytes(StandardCharsets.US_ASCII),
                tag.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * HMAC-SHA256 of the leaf under the tag key of that id, base64. Each thread keeps one initialised Mac per key:
     * looking a Mac up and initialising it costs more than tagging a leaf.
     */
    private String hmac(String keyId, byte[] leaf) {
        Mac mac = macs.get().computeIfAbsent(keyId, id -> mac(tagKeys.get(id)));
        return Base64.getEncoder().encodeToString(mac.doFinal(leaf));
    }

    public String origin() {
        return origin;
    }

    public NoteSigner signer() {
        return signer;
    }

    /** The v1 chain's checkpoint key (the same Ed25519 key as {@link #signer()}). */
    public CheckpointKeys.SigningKey signingKey() {
        return signingKey;
    }

    /** The note keys whose checkpoints verify: the current one first, then the retired ones. */
    public List<VerifierKey> trustedNoteKeys() {
        return List.copyOf(trustedNoteKeys);
    }

    public static String tagKeyId(byte[] key) {
        try {
            return "hmac:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform provides HmacSHA256", e);
        }
    }

    private static byte[] tagKey(String base64, String name) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " is not base64");
        }
        if (key.length < MIN_TAG_KEY_BYTES) {
            throw new IllegalStateException(name + " must hold at least " + MIN_TAG_KEY_BYTES + " bytes, has "
                    + key.length);
        }
        return key;
    }
}
