package io.tdeguard.function;

import java.util.Map;

import io.quarkus.funqy.Funq;
import io.tdeguard.application.audit.AuditCheckpoints;
import io.tdeguard.application.audit.AuditLookup;
import io.tdeguard.application.audit.AuditProofs;
import io.tdeguard.application.audit.AuditVerification;
import io.tdeguard.web.CurrentRequest;

/**
 * The audit log, for auditors. ExportAuditTrail streams JSON Lines: {@link ExportAuditTrailRoute}. Members are taken as
 * sent and bound strictly by the use cases.
 */
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
    public AuditLookup.Page lookupEvents(Map<String, Object> members) {
        return lookup.lookup(request.facts(), members);
    }

    @Funq("VerifyAuditTrail")
    public AuditVerification.Result verifyAuditTrail(Map<String, Object> members) {
        return verification.verify(request.facts(), members);
    }

    @Funq("CreateAuditCheckpoint")
    public AuditCheckpoints.Created createAuditCheckpoint(Map<String, Object> members) {
        return checkpoints.create(request.facts(), members);
    }

    @Funq("DescribeAuditPublicKey")
    public AuditCheckpoints.PublicKeyView describeAuditPublicKey(Map<String, Object> members) {
        return checkpoints.describePublicKey(request.facts(), members);
    }

    @Funq("GetAuditCheckpoint")
    public AuditProofs.CheckpointView getAuditCheckpoint(Map<String, Object> members) {
        return proofs.checkpoint(request.facts(), members);
    }

    @Funq("GetAuditInclusionProof")
    public AuditProofs.InclusionProof getAuditInclusionProof(Map<String, Object> members) {
        return proofs.inclusion(request.facts(), members);
    }

    @Funq("GetAuditConsistencyProof")
    public AuditProofs.ConsistencyProof getAuditConsistencyProof(Map<String, Object> members) {
        return proofs.consistency(request.facts(), members);
    }
}
