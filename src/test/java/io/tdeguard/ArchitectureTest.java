package io.tdeguard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The layers of DESIGN.md §2 as rules over the compiled main classes: entry points on top, one application layer of
 * use cases, domain cores below, and plain-Java cores (signatures, the policy language, canonical JSON, the log's
 * verification code) that know no framework. No two packages depend on each other in a cycle.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.tdeguard");

    private static final String[] PLAIN_CORES = { "io.tdeguard.api..", "io.tdeguard.json..", "io.tdeguard.signature..",
            "io.tdeguard.policy..", "io.tdeguard.audit.chain..", "io.tdeguard.audit.offline..", "io.tdeguard.audit.tlog.." };

    private static final String[] FRAMEWORKS = { "jakarta..", "javax.inject..", "javax.persistence..", "javax.sql..", "io.quarkus..", "io.vertx..", "io.smallrye..",
            "org.hibernate..", "org.eclipse.microprofile..", "io.netty..", "java.sql.." };

    @Test
    void layersDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Entry points").definedBy("io.tdeguard.function..", "io.tdeguard.web..", "io.tdeguard.startup..")
                .layer("Use cases").definedBy("io.tdeguard.application..")
                .layer("Domain").definedBy("io.tdeguard.auth..", "io.tdeguard.approval..", "io.tdeguard.audit",
                        "io.tdeguard.kvstore..", "io.tdeguard.config..")
                .layer("Plain cores").definedBy(PLAIN_CORES)
                .layer("Tools").definedBy("io.tdeguard.client..", "io.tdeguard.localdb..")
                .whereLayer("Entry points").mayNotBeAccessedByAnyLayer()
                .whereLayer("Use cases").mayOnlyBeAccessedByLayers("Entry points")
                .whereLayer("Domain").mayOnlyBeAccessedByLayers("Use cases", "Entry points")
                .whereLayer("Tools").mayNotBeAccessedByAnyLayer()
                .check(MAIN);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.tdeguard.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void plainCoresKnowNoFramework() {
        noClasses().that().resideInAnyPackage(PLAIN_CORES)
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .because("signatures, policies and the log's proofs are verified by plain Java that anyone can run")
                .check(MAIN);
    }

    @Test
    void plainCoresStandAlone() {
        noClasses().that().resideInAnyPackage(PLAIN_CORES)
                .should().dependOnClassesThat().resideInAnyPackage("io.tdeguard.function..", "io.tdeguard.web..",
                        "io.tdeguard.application..", "io.tdeguard.auth..", "io.tdeguard.approval..", "io.tdeguard.audit",
                        "io.tdeguard.kvstore..", "io.tdeguard.config..", "io.tdeguard.client..", "io.tdeguard.localdb..")
                .check(MAIN);
    }

    @Test
    void onlyEntryPointsSeeTheHttpRequest() {
        noClasses().that()
                .resideOutsideOfPackages("io.tdeguard.function..", "io.tdeguard.web..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx.ext.web..", "io.vertx.core.http..",
                        "io.quarkus.vertx.http..", "io.quarkus.funqy..")
                .because("the request's facts reach use cases as a value; an outbound adapter never reads the inbound request")
                .check(MAIN);
    }
}
