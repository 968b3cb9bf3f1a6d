package io.tdeguard.auth;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tdeguard.support.Fixtures;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SignedClient;

/** SimulatePolicy over HTTP: the engine's decision and reasons, and refusals of invalid documents. */
@QuarkusTest
class SimulatePolicyTest {

    static final String ENABLE_ONLY = """
            {"Version":"1","Statement":[{"Sid":"EnableOnly","Effect":"Allow","Action":"kvstore:ModifyInstanceTDE",
              "Resource":"acs:kvstore:*:*:instance/*","Condition":{"StringEquals":{"kvstore:TDEStatus":"Enabled"}}}]}""";
    static final String NO_PROD = """
            {"Version":"1","Statement":[{"Sid":"NotProd","Effect":"Deny","Action":"kvstore:*",
              "Resource":"acs:kvstore:*:*:instance/r-prod*"}]}""";
    static final String INSTANCE = "acs:kvstore:cn-hangzhou:1234567890123456:instance/";

    Identity author;

    @BeforeEach
    void policyAuthor() {
        author = Fixtures.userWithPolicy("author", """
                {"Version":"1","Statement":[{"Effect":"Allow","Action":"tdeguard:SimulatePolicy","Resource":"*"}]}""");
    }

    @Test
    void allowsAndNamesTheStatementThatAllowed() {
        SignedClient.call(author, "SimulatePolicy", Map.of("PolicyDocuments", List.of(ENABLE_ONLY, NO_PROD),
                "Action", "kvstore:ModifyInstanceTDE", "Resource", INSTANCE + "r-test00000001",
                "Context", Map.of("kvstore:TDEStatus", List.of("Enabled")))).send().then()
                .statusCode(200).body("Decision", equalTo("Allow"))
                .body("MatchedStatements.Policy", contains("PolicyDocuments[0]"))
                .body("MatchedStatements.StatementIndex", contains(0))
                .body("MatchedStatements.Sid", contains("EnableOnly"));
    }

    @Test
    void explicitDenyInAnotherDocumentWins() {
        SignedClient.call(author, "SimulatePolicy", Map.of("PolicyDocuments", List.of(ENABLE_ONLY, NO_PROD),
                "Action", "kvstore:ModifyInstanceTDE", "Resource", INSTANCE + "r-prod00000001",
                "Context", Map.of("kvstore:TDEStatus", List.of("Enabled")))).send().then()
                .statusCode(200).body("Decision", equalTo("ExplicitDeny"))
                .body("MatchedStatements.Sid", contains("NotProd"))
                .body("Explanation", containsString("explicitly denied"));
    }

    @Test
    void implicitlyDeniesWhenTheConditionKeyIsMissing() {
        SignedClient.call(author, "SimulatePolicy", Map.of("PolicyDocuments", List.of(ENABLE_ONLY),
                "Action", "kvstore:ModifyInstanceTDE", "Resource", INSTANCE + "r-test00000001")).send().then()
                .statusCode(200).body("Decision", equalTo("ImplicitDeny"))
                .body("MatchedStatements", empty());
    }

    @Test
    void refusesANullContextValueByName() {
        Map<String, Object> context = new java.util.HashMap<>();
        context.put("acs:SourceIp", null);
        SignedClient.call(author, "SimulatePolicy", Map.of("PolicyDocuments", List.of(ENABLE_ONLY),
                "Action", "kvstore:ModifyInstanceTDE", "Resource", INSTANCE + "r-test00000001",
                "Context", context)).send().then()
                .statusCode(400).body("Code", equalTo("InvalidParameter"))
                .body("Message", containsString("Context.acs:SourceIp"));
    }

    @Test
    void aPrincipalWithNoPoliciesIsImplicitlyDenied() {
        SignedClient.call(author, "SimulatePolicy", Map.of("PolicyDocuments", List.of(),
                "Action", "kvstore:ModifyInstanceTDE", "Resource", INSTANCE + "r-test00000001")).send().then()
                .statusCode(200).body("Decision", equalTo("ImplicitDeny"))
                .body("MatchedStatements", empty());
    }

    @Test
    void refusesASimulationWithoutThePolicyDocumentsMember() {
        SignedClient.call(author, "SimulatePolicy", Map.of(
                "Action", "kvstore:ModifyInstanceTDE", "Resource", INSTANCE + "r-test00000001")).send().then()
                .statusCode(400).body("Code", equalTo("MissingParameter"))
                .body("Message", containsString("PolicyDocuments"));
    }

    @Test
    void refusesAnInvalidDocumentNamingThePathAndReason() {
        String badOperator = """
                {"Version":"1","Statement":[{"Effect":"Allow","Action":"kvstore:*","Resource":"*",
                  "Condition":{"StringEqualz":{"kvstore:TDEStatus":"Enabled"}}}]}""";
        SignedClient.call(author, "SimulatePolicy", Map.of("PolicyDocuments", List.of(ENABLE_ONLY, badOperator),
                "Action", "kvstore:ModifyInstanceTDE", "Resource", "*")).send().then()
                .statusCode(400).body("Code", equalTo("InvalidPolicyDocument"))
                .body("Message", containsString("PolicyDocuments[1]"))
                .body("PolicyErrors.Path", hasItem(containsString("Statement[0].Condition")));
    }

    @Test
    void createPolicyRefusesTheSameInvalidDocument() {
        Fixtures.admin("CreatePolicy", Map.of("PolicyName", Fixtures.unique("bad"),
                "PolicyDocument", "{\"Version\":\"2\",\"Statement\":[]}")).then()
                .statusCode(400).body("Code", equalTo("InvalidPolicyDocument"))
                .body("PolicyErrors.Path", hasItem(containsString("Version")));
    }

    @Test
    void refusesCallersWithoutTheSimulateAction() {
        Identity stranger = Fixtures.userWithPolicy("stranger", null);
        SignedClient.call(stranger, "SimulatePolicy", Map.of("PolicyDocuments", List.of(ENABLE_ONLY),
                "Action", "kvstore:ModifyInstanceTDE", "Resource", "*")).send().then()
                .statusCode(403).body("Code", equalTo("Forbidden.RAM"));
    }
}
