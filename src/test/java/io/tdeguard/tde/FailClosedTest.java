package io.tdeguard.tde;

import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;
import io.tdeguard.support.TestInstances;

/** If the audit intent cannot be committed, no TDE call is made and the approval stays usable. */
@QuarkusTest
class FailClosedTest {

    @Inject
    EntityManager entityManager;

    @Test
    void makesNoTdeCallWhenTheDatabaseRefusesTheAuditIntent() {
        Identity requester = Fixtures.userWithPolicy("requester", Fixtures.REQUESTER_POLICY);
        Identity approver = Fixtures.userWithPolicy("approver", Fixtures.APPROVER_POLICY);
        String instanceId = TestInstances.supportingTde();
        Map<String, String> change = Map.of("InstanceId", instanceId, "TDEStatus", "Enabled");
        String approvalId = Fixtures.requestApproval(requester, change);
        Fixtures.approve(approver, approvalId);

        refuseIntentsFor(instanceId);
        SignedClient.call(requester, "ModifyInstanceTDE", change).send().then()
                .statusCode(503).body("Code", equalTo("ServiceUnavailable"));

        TestInstances.assertNoTdeCall(instanceId);
        SignedClient.call(approver, "DescribeApproval", Map.of("ApprovalId", approvalId)).send().then()
                .statusCode(200).body("Status", equalTo("Approved"));
        SignedClient.call(requester, "DescribeInstanceTDEStatus", Map.of("InstanceId", instanceId)).send().then()
                .statusCode(200).body("TDEStatus", equalTo("Disabled"));
    }

    /** The database itself refuses the write, as a full disk or a revoked grant would. */
    @Transactional
    void refuseIntentsFor(String instanceId) {
        entityManager.createNativeQuery("""
                CREATE FUNCTION refuse_test_intent() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'disk full (simulated)'; END $$""").executeUpdate();
        entityManager.createNativeQuery("CREATE TRIGGER refuse_test_intent BEFORE INSERT ON audit_event FOR EACH ROW "
                + "WHEN (NEW.phase = 'intent' AND NEW.instance_id = '" + instanceId + "') EXECUTE FUNCTION refuse_test_intent()")
                .executeUpdate();
    }

    @AfterEach
    @Transactional
    void acceptIntentsAgain() {
        entityManager.createNativeQuery("DROP TRIGGER IF EXISTS refuse_test_intent ON audit_event").executeUpdate();
        entityManager.createNativeQuery("DROP FUNCTION IF EXISTS refuse_test_intent()").executeUpdate();
    }
}
