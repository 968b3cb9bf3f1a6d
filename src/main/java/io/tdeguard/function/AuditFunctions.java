package io.tdeguard.function;

import io.quarkus.funqy.Funq;
import io.tdeguard.audit.AuditLookup;

/** The audit trail, for auditors. */
public class AuditFunctions {

    private final AuditLookup lookup;

    AuditFunctions(AuditLookup lookup) {
        this.lookup = lookup;
    }

    @Funq("LookupEvents")
    public AuditLookup.Page lookupEvents(AuditLookup.EventQuery input) {
        return lookup.lookup(input == null ? new AuditLookup.EventQuery(null, null, null, null, null, null, null, null) : input);
    }
}
