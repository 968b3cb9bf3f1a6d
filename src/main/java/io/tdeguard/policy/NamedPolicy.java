package io.tdeguard.policy;

import java.util.Objects;

/** A policy document under the name it is attached by; the name appears in every decision's reasons. */
public record NamedPolicy(String name, PolicyDocument document) {

    public NamedPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(document, "document");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a policy name must not be blank");
        }
    }
}
