package io.tdeguard.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.tdeguard.config.StartupCommand;
import io.tdeguard.config.TdeGuardConfig;

/**
 * Makes the first identities on start: the bootstrap administrator from configuration when no user exists yet,
 * and, where the demo is enabled (the local profile), a requester, an approver and an auditor whose AccessKeys
 * are written to a file for the signed-call client.
 */
@ApplicationScoped
public class IdentityBootstrap {

    static final String ADMINISTRATOR_POLICY = "AdministratorAccess";
    private static final Logger LOG = Logger.getLogger(IdentityBootstrap.class);

    /** The demo's users and what each may do: just enough for one change, and no more. */
    record DemoIdentity(String role, String userName, String policyName, String policyDocument) {
    }

    static final List<DemoIdentity> DEMO_IDENTITIES = List.of(
            new DemoIdentity("requester", "tde-requester", "TdeRequesterAccess", """
                    {"Version":"1","Statement":[
                      {"Sid":"EnableTdeOnly","Effect":"Allow","Action":["kvstore:ModifyInstanceTDE","tdeguard:CreateApproval"],
                       "Resource":"acs:kvstore:*:*:instance/*","Condition":{"StringEquals":{"kvstore:TDEStatus":"Enabled"}}},
                      {"Sid":"ReadStatus","Effect":"Allow","Action":["kvstore:DescribeInstanceTDEStatus","tdeguard:DescribeApproval"],
                       "Resource":"*"},
                      {"Sid":"ReadAroundAChange","Effect":"Allow","Action":["kvstore:DescribeInstanceAttribute",
                       "kvstore:DescribeInstances","kvstore:DescribeEncryptionKeyList","kvstore:DescribeEncryptionKey",
                       "kvstore:CheckCloudResourceAuthorized"],"Resource":"acs:kvstore:*:*:instance/*"}]}"""),
            new DemoIdentity("approver", "tde-approver", "TdeApproverAccess", """
                    {"Version":"1","Statement":[
                      {"Sid":"DecideApprovals","Effect":"Allow","Action":["tdeguard:DecideApproval","tdeguard:DescribeApproval"],
                       "Resource":"acs:tdeguard:*:*:approval/*"}]}"""),
            new DemoIdentity("auditor", "tde-auditor", "AuditorReadOnly", """
                    {"Version":"1","Statement":[
                      {"Sid":"ReadTheTrail","Effect":"Allow","Action":["tdeguard:LookupEvents","tdeguard:VerifyAuditTrail",
                       "tdeguard:ExportAuditTrail","tdeguard:DescribeAuditPublicKey","tdeguard:CreateAuditCheckpoint",
                       "tdeguard:GetAuditCheckpoint","tdeguard:GetAuditProof",
                       "tdeguard:DescribeApproval","kvstore:DescribeInstanceTDEStatus"],"Resource":"*"}]}"""));

    private final TdeGuardConfig config;
    private final Identities identities;
    private final SecretCipher cipher;
    private final Clock clock;

    IdentityBootstrap(TdeGuardConfig config, Identities identities, SecretCipher cipher, Clock clock) {
        this.config = config;
        this.identities = identities;
        this.cipher = cipher;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent start, DataSource dataSource) {
        if (StartupCommand.migrating()) {
            return;
        }
        boolean noUser = !anyUser(dataSource);
        boolean bootstrapKey = config.bootstrap().accessKeyId().isPresent()
                && config.bootstrap().accessKeySecret().isPresent();
        if (noUser && !bootstrapKey) {
            LOG.warn("no user exists and no bootstrap AccessKey is configured (tdeguard.bootstrap.access-key-id and "
                    + "tdeguard.bootstrap.access-key-secret): nobody can call the function");
        }
        boolean administrator = noUser && bootstrapKey;
        if (!administrator && !config.demo().enabled()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            if (administrator) {
                bootstrapAdministrator();
            }
            if (config.demo().enabled()) {
                createDemoIdentities();
            }
        });
        if (config.demo().enabled()) {
            writeDemoIdentities(Path.of(config.demo().identitiesFile()));
        }
    }

    /**
     * Whether a user exists, through JDBC: the usual start (users exist, no demo) opens no Hibernate session and no
     * transaction, which a start would otherwise pay for in classes loaded before its first request.
     */
    private static boolean anyUser(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM ram_user)")) {
            return result.next() && result.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the users at start: " + e.getMessage(), e);
        }
    }

    private void bootstrapAdministrator() {
        // Again inside the transaction: another instance may have started at the same time.
        if ((Boolean) RamUser.getEntityManager().createNativeQuery("SELECT EXISTS (SELECT 1 FROM ram_user)")
                .getSingleResult()) {
            return;
        }
        String keyId = config.bootstrap().accessKeyId().orElseThrow();
        String secret = config.bootstrap().accessKeySecret().orElseThrow();
        RamUser user = identities.newUser(config.bootstrap().userName(), "bootstrap administrator", clock.instant());
        identities.newAccessKey(user, keyId, secret, clock.instant());
        RamPolicy policy = RamPolicy.findByName(ADMINISTRATOR_POLICY).orElseGet(() -> identities.newPolicy(
                ADMINISTRATOR_POLICY, "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
                "everything, for the bootstrap administrator", clock.instant()));
        identities.attach(policy, PolicyAttachment.USER, user.id);
        LOG.infof("created the bootstrap administrator \"%s\" with AccessKey %s", user.userName, keyId);
    }

    private void createDemoIdentities() {
        for (DemoIdentity demo : DEMO_IDENTITIES) {
            if (RamUser.findByName(demo.userName()).isPresent()) {
                continue;
            }
            RamUser user = identities.newUser(demo.userName(), "demo " + demo.role(), clock.instant());
            identities.newAccessKey(user, "LTAI" + Identities.random(20), Identities.random(30), clock.instant());
            RamPolicy policy = RamPolicy.findByName(demo.policyName()).orElseGet(() -> identities.newPolicy(
                    demo.policyName(), demo.policyDocument(), "demo " + demo.role(), clock.instant()));
            identities.attach(policy, PolicyAttachment.USER, user.id);
        }
    }

    /** Writes name.UserName / name.AccessKeyId / name.AccessKeySecret for admin and the demo users, owner-readable only. */
    private void writeDemoIdentities(Path file) {
        StringBuilder text = new StringBuilder("# Demo identities of the local profile: for deploy/bin/acs-call --as NAME\n");
        config.bootstrap().accessKeyId().ifPresent(keyId -> config.bootstrap().accessKeySecret().ifPresent(secret ->
                append(text, "admin", config.bootstrap().userName(), keyId, secret)));
        for (DemoIdentity demo : DEMO_IDENTITIES) {
            RamUser user = RamUser.findByName(demo.userName()).orElseThrow();
            AccessKey key = AccessKey.<AccessKey>find("userId", user.id).firstResult();
            append(text, demo.role(), user.userName, key.accessKeyId,
                    cipher.decrypt(key.accessKeyId, key.secretCiphertext).reveal());
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the demo identities to " + file, e);
        }
        LOG.infof("demo identities (admin, requester, approver, auditor) and their AccessKeys are in %s",
                file.toAbsolutePath());
    }

    private static void append(StringBuilder text, String role, String userName, String keyId, String secret) {
        text.append(role).append(".UserName=").append(userName).append('\n')
                .append(role).append(".AccessKeyId=").append(keyId).append('\n')
                .append(role).append(".AccessKeySecret=").append(secret).append('\n');
    }
}
