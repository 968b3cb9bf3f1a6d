package io.tdeguard.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The keys a serving function needs and the {@code migrate} command does not: the migration Job of a deployment gets
 * the database owner's credentials, never the secrets that encrypt AccessKeys, tag events and sign checkpoints.
 * Optional in the configuration mapping for that reason; a serving start without them stops, naming each
 * (io.tdeguard.startup.ProductionGuard).
 */
public final class ServingKeys {

    public static final String ENCRYPTION_KEY = "tdeguard.secrets.encryption-key (TDEGUARD_SECRETS_ENCRYPTION_KEY)";
    public static final String TAG_KEY = "tdeguard.audit.tag.key (TDEGUARD_AUDIT_TAG_KEY)";
    public static final String CHECKPOINT_KEY =
            "tdeguard.audit.checkpoint.private-key (TDEGUARD_AUDIT_CHECKPOINT_PRIVATE_KEY)";

    private ServingKeys() {
    }

    /** The keys not set (or blank), each as {@code property (ENVIRONMENT_VARIABLE)}; empty when all are. */
    public static List<String> missing(TdeGuardConfig config) {
        List<String> missing = new ArrayList<>();
        addIfMissing(missing, config.secrets().encryptionKey(), ENCRYPTION_KEY);
        addIfMissing(missing, config.audit().tag().key(), TAG_KEY);
        addIfMissing(missing, config.audit().checkpoint().privateKey(), CHECKPOINT_KEY);
        return missing;
    }

    /** The key's value; {@link IllegalStateException} naming it when it is not set. */
    public static String required(Optional<String> value, String key) {
        return set(value).orElseThrow(() -> new IllegalStateException(key + " is not set"));
    }

    private static void addIfMissing(List<String> missing, Optional<String> value, String key) {
        if (set(value).isEmpty()) {
            missing.add(key);
        }
    }

    /** A value that is there and not blank: an empty environment variable sets nothing. */
    private static Optional<String> set(Optional<String> value) {
        return value.filter(text -> !text.isBlank());
    }
}
