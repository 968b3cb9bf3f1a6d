package io.tdeguard.function;

import io.quarkus.funqy.Funq;
import io.tdeguard.application.audit.AuditCheckpoints;
import io.tdeguard.application.audit.AuditLookup;
import io.tdeguard.application.audit.AuditProofs;
import io.tdeguard.application.audit.AuditVerification;
import io.tdeguard.web.CurrentRequest;

/** The audit trail, for auditors. ExportAuditTrail streams JSON Lines: {@link ExportAuditTrailRoute}. */
public class AuditFunctions {

    private final AuditLookup lookup;
    private final AuditVerification verification;
    private final AuditCheckpoints checkpoints;
    private final AuditProofs proofs;
    private final CurrentRequest request;

    AuditFunctions(AuditLookup lookup, AuditVerification verification, AuditCheckpoints checkpoints,
            AuditProofs proofs, CurrentRequest request) {
        this.proofs = proofs;
        this.lookup = lookup;
        this.verification = verification;
        this.checkpoints = checkpoints;
        this.request = request;
    }

    @Funq("LookupEvents")
    public AuditLookup.Page lookupEvents(AuditLookup.EventQuery input) {
        return lookup.lookup(request.facts(), input == null ? AuditLookup.EventQuery.none() : input);
    }

    @Funq("VerifyAuditTrail")
    public AuditVerification.Result verifyAuditTrail(AuditVerification.VerifyQuery input) {
        return verification.verify(request.facts(), input == null ? new AuditVerification.VerifyQuery(null) : input);
    }

    /** Input of the functions that take none: Funqy binds a body only to a function with an input. */
    public record NoParameters() {
    }

    @Funq("CreateAuditCheckpoint")
    public AuditCheckpoints.Created createAuditCheckpoint(NoParameters input) {
        return checkpoints.create(request.facts());
    }

    @Funq("DescribeAuditPublicKey")
    public AuditCheckpoints.PublicKeyView describeAuditPublicKey(NoParameters input) {
        return checkpoints.describePublicKey(request.facts());
    }

    @Funq("GetAuditCheckpoint")
    public AuditProofs.CheckpointView getAuditCheckpoint(AuditProofs.CheckpointQuery input) {
        return proofs.checkpoint(request.facts(), input == null ? new AuditProofs.CheckpointQuery(null) : input);
    }

    @Funq("GetAuditInclusionProof")
    public AuditProofs.InclusionProof getAuditInclusionProof(AuditProofs.InclusionQuery input) {
        return proofs.inclusion(request.facts(), input == null ? new AuditProofs.InclusionQuery(null, null, null)
                : input);
    }

    @Funq("GetAuditConsistencyProof")
    public AuditProofs.ConsistencyProof getAuditConsistencyProof(AuditProofs.ConsistencyQuery input) {
        return proofs.consistency(request.facts(), input == null ? new AuditProofs.ConsistencyQuery(null, null)
                : input);
    }
}
