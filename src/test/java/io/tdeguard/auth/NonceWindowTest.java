package io.tdeguard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.config.TdeGuardConfig;
import io.tdeguard.signature.AccessKeySecret;
import io.tdeguard.signature.RpcV1Parameters;
import io.tdeguard.signature.RpcV1Request;
import io.tdeguard.signature.RpcV1Signer;
import io.tdeguard.support.Identity;
import io.tdeguard.support.SteppingClock;

/**
 * The nonce's window against a delayed authentication: the authenticator is driven directly, on the real nonce store,
 * with a clock the test advances, so that a request received within its window is authenticated, and expired nonces
 * forgotten, as late as the test says.
 */
@QuarkusTest
class NonceWindowTest {

    @Inject
    DataSource dataSource;

    @Inject
    SecretCipher cipher;

    @Inject
    TdeGuardConfig config;

    @Test
    void aReplayAuthenticatedAfterItsWindowIsRefusedEvenOnceTheNonceCouldBeForgotten() {
        SteppingClock clock = new SteppingClock();
        Authenticator authenticator = new Authenticator(dataSource, cipher, config, clock);
        Instant signedAt = clock.instant().minus(Authenticator.CLOCK_SKEW).plusSeconds(10);
        String nonce = UUID.randomUUID().toString();
        RequestFacts first = signedV1(nonce, signedAt, clock.instant());
        assertEquals(Identity.ADMIN.accessKeyId(), authenticator.authenticate(first).accessKeyId());

        // The replay arrives within the window, but waits (a pool, a frozen instance) while the window ends and the
        // periodic work runs long after.
        RequestFacts replay = signedV1(nonce, signedAt, clock.instant());
        clock.advance(Authenticator.CLOCK_SKEW.plus(Authenticator.KEPT_AFTER_EXPIRY).plusMinutes(1));
        authenticator.forgetExpiredNonces();
        ApiException refused = assertThrows(ApiException.class, () -> authenticator.authenticate(replay));
        assertEquals("InvalidTimeStamp.Expired", refused.code());
    }

    @Test
    void keepsAnExpiredNonceForAWholeWindowMore() throws SQLException {
        SteppingClock clock = new SteppingClock();
        Authenticator authenticator = new Authenticator(dataSource, cipher, config, clock);
        Instant signedAt = clock.instant();
        String nonce = UUID.randomUUID().toString();
        authenticator.authenticate(signedV1(nonce, signedAt, clock.instant()));

        clock.advance(Authenticator.CLOCK_SKEW.plus(Authenticator.KEPT_AFTER_EXPIRY).minusSeconds(1));
        authenticator.forgetExpiredNonces();
        assertNotNull(expiry(nonce), "kept until its window ended " + Authenticator.KEPT_AFTER_EXPIRY + " ago");
        clock.advance(Duration.ofSeconds(2));
        authenticator.forgetExpiredNonces();
        assertNull(expiry(nonce), "forgotten after that");
    }

    /** A V1-signed call of CreateGroup as the CLI makes it (a GET), received at {@code receivedAt}. */
    private static RequestFacts signedV1(String nonce, Instant signedAt, Instant receivedAt) {
        Map<String, String> parameters = new TreeMap<>(RpcV1Parameters.standard("CreateGroup", "2015-01-01")
                .accessKeyId(Identity.ADMIN.accessKeyId()).regionId("cn-hangzhou")
                .clock(Clock.fixed(signedAt.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC)).nonce(() -> nonce)
                .build());
        parameters.put("GroupName", "g");
        Map<String, String> signed = RpcV1Signer.sign(RpcV1Request.of("GET", parameters),
                AccessKeySecret.of(Identity.ADMIN.accessKeySecret())).signedRequest().parameters();
        return new RequestFacts(UUID.randomUUID().toString(), "CreateGroup", "GET", "/", RpcV1Request.encode(signed),
                Map.of(), new byte[0], "127.0.0.1", false, "test", receivedAt);
    }

    private Instant expiry(String nonce) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT expires_at FROM signature_nonce WHERE nonce = ? AND access_key_id = ?")) {
            query.setString(1, nonce);
            query.setString(2, Identity.ADMIN.accessKeyId());
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getTimestamp(1).toInstant() : null;
            }
        }
    }
}
