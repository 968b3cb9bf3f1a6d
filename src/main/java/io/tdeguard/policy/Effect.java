package io.tdeguard.policy;

/** A statement's {@code Effect}, spelled exactly {@code Allow} or {@code Deny}. */
enum Effect {
    ALLOW("Allow"),
    DENY("Deny");

    private final String wireName;

    Effect(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    /** The effect spelled exactly so, or {@code null}. */
    static Effect fromWireName(String text) {
        for (Effect effect : values()) {
            if (effect.wireName.equals(text)) {
                return effect;
            }
        }
        return null;
    }
}
