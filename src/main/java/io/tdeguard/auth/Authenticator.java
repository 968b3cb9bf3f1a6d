package io.tdeguard.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;

import io.quarkus.scheduler.Scheduled;
import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.config.TdeGuardConfig;
import io.tdeguard.signature.Acs3Authorization;
import io.tdeguard.signature.Acs3Request;
import io.tdeguard.signature.Acs3SignedRequest;
import io.tdeguard.signature.Acs3Verifier;
import io.tdeguard.signature.RpcV1Parameters;
import io.tdeguard.signature.RpcV1Request;
import io.tdeguard.signature.RpcV1SignedRequest;
import io.tdeguard.signature.RpcV1Verifier;
import io.tdeguard.signature.SignatureException;

/**
 * Authenticates a request signed as Alibaba's clients sign: ACS3-HMAC-SHA256 (V3 SDKs: an {@code Authorization}
 * header) anywhere, or, on the RPC path {@code /}, the V1 RPC signature (HMAC-SHA1: the CLI, Terraform, the V1 SDKs;
 * the signature among the parameters of the query or a form body). Either way: the AccessKey exists and is active,
 * the signature matches, the time signed is within {@link #CLOCK_SKEW} of ours, and the action signed is the function
 * called. The nonce is spent ({@link #spend}) only once the signature holds, so a forger cannot spend other callers'
 * nonces, and in the transaction that records the call, so that authentication adds no transaction of its own. A
 * nonce stays spent while its signed time is within the window; expired ones are forgotten periodically
 * ({@link #forgetExpiredNonces}), and until then an expired one counts as unused. ACS3 and V1 nonces share one store.
 */
@ApplicationScoped
public class Authenticator {

    static final Duration CLOCK_SKEW = Duration.ofMinutes(15);

    private final EntityManager entityManager;
    private final DataSource dataSource;
    private final SecretCipher cipher;
    private final TdeGuardConfig config;
    private final Clock clock;

    Authenticator(EntityManager entityManager, DataSource dataSource, SecretCipher cipher, TdeGuardConfig config,
            Clock clock) {
        this.entityManager = entityManager;
        this.dataSource = dataSource;
        this.cipher = cipher;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Checks the request's signature and signed values, reading the AccessKey and its user; spends nothing.
     *
     * @throws ApiException Alibaba's refusal ({@code InvalidAccessKeyId.NotFound}, {@code SignatureDoesNotMatch},
     *                      {@code InvalidTimeStamp.Expired}, {@code IncompleteSignature}, ...)
     */
    public Authentication authenticate(RequestFacts facts) {
        return signedWithV1(facts) ? authenticateV1(facts) : authenticateAcs3(facts);
    }

    /**
     * Spends the nonce of an authenticated request in the caller's transaction: it commits or rolls back with the
     * call's record. A nonce another transaction holds uncommitted makes this wait for that one's end.
     *
     * @return false when the nonce is spent already (a replay), within its window
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean spend(SignatureNonce nonce, Instant now) {
        // An expired row of the same nonce is taken over: the upsert needs no DELETE on the request path.
        return entityManager.createNativeQuery("""
                INSERT INTO signature_nonce (nonce, access_key_id, expires_at) VALUES (?1, ?2, ?3)
                ON CONFLICT (nonce) DO UPDATE SET access_key_id = EXCLUDED.access_key_id, expires_at = EXCLUDED.expires_at
                WHERE signature_nonce.expires_at < ?4""")
                .setParameter(1, nonce.value()).setParameter(2, nonce.accessKeyId()).setParameter(3, nonce.expiresAt())
                .setParameter(4, now).executeUpdate() == 1;
    }

    /** The refusal of a request whose nonce was spent already. */
    public static ApiException replayed(SignatureNonce nonce) {
        return new ApiException("SignatureNonceUsed", 400, "the " + nonce.parameterName() + " \"" + nonce.value()
                + "\" has been used: every request needs a new one");
    }

    /** Forgets the nonces whose window has passed, a bounded batch at a time; instances may run it at once. */
    @Scheduled(identity = "forget-expired-nonces", every = "1m", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void forgetExpiredNonces() {
        entityManager.createNativeQuery("""
                DELETE FROM signature_nonce WHERE nonce IN (
                    SELECT nonce FROM signature_nonce WHERE expires_at < ?1 LIMIT 10000 FOR UPDATE SKIP LOCKED)""")
                .setParameter(1, clock.instant()).executeUpdate();
    }

    /**
     * The AccessKeyId a request claims, authenticated or not, for the record of a refusal; null when it names none
     * that is well formed.
     */
    public static String claimedAccessKeyId(RequestFacts facts) {
        try {
            if (signedWithV1(facts)) {
                return RpcV1Request.parse(facts.method(), facts.rawQuery(), facts.formBody())
                        .parameter(RpcV1Parameters.ACCESS_KEY_ID).filter(Acs3Authorization::isValidAccessKeyId)
                        .orElse(null);
            }
            String header = facts.header("authorization");
            return header == null ? null : Acs3Authorization.parse(header).accessKeyId();
        } catch (SignatureException e) {
            return null;
        }
    }

    /** A request to the RPC path without an Authorization header carries a V1 signature, or none. */
    static boolean signedWithV1(RequestFacts facts) {
        return facts.header("authorization") == null && (facts.path().equals("/") || facts.path().isEmpty());
    }

    private Authentication authenticateAcs3(RequestFacts facts) {
        List<Acs3Request.QueryParameter> query;
        try {
            query = Acs3Request.parseRawQuery(facts.rawQuery());
        } catch (IllegalArgumentException e) {
            throw new ApiException("InvalidParameter", 400, "the query string is not well formed: " + e.getMessage());
        }
        Acs3SignedRequest signed;
        try {
            signed = Acs3Verifier.inspect(Acs3Request.builder(facts.method(), facts.path())
                    .queryParameters(query).headers(facts.headers()).body(facts.body()).build());
        } catch (SignatureException e) {
            throw refusal(e);
        } catch (IllegalArgumentException e) {
            throw new ApiException("InvalidParameter", 400, "the request line or headers are not well formed: "
                    + e.getMessage());
        }
        ActiveKey key = activeKey(signed.accessKeyId());
        try {
            Acs3Verifier.verify(signed, cipher.decrypt(key.accessKeyId(), key.secretCiphertext()));
        } catch (SignatureException e) {
            throw refusal(e);
        }
        Instant signedAt = signedAt(facts);
        checkAction(facts.header("x-acs-action"), "x-acs-action", facts);
        checkHost(signed, facts);
        return authenticated(key, nonce(facts.header("x-acs-signature-nonce"), "x-acs-signature-nonce", key.accessKeyId(),
                signedAt));
    }

    /** The V1 RPC signature over the parameters of the query and the form body ({@link RpcV1Verifier}). */
    private Authentication authenticateV1(RequestFacts facts) {
        if (facts.body().length > 0 && facts.formBody().length == 0) {
            throw new ApiException("IncompleteSignature", 400, "the body of a request signed with the V1 signature is "
                    + "not covered by it unless it is a form: send the parameters in the query string or an "
                    + "application/x-www-form-urlencoded body");
        }
        RpcV1SignedRequest signed;
        try {
            signed = RpcV1Verifier.inspect(RpcV1Request.parse(facts.method(), facts.rawQuery(), facts.formBody()));
        } catch (SignatureException e) {
            throw refusal(e);
        }
        ActiveKey key = activeKey(signed.accessKeyId());
        try {
            RpcV1Verifier.verify(signed, cipher.decrypt(key.accessKeyId(), key.secretCiphertext()));
        } catch (SignatureException e) {
            throw refusal(e);
        }
        checkWindow(signed.timestamp(), RpcV1Parameters.TIMESTAMP, signed.rawTimestamp(), facts.receivedAt());
        checkAction(signed.action(), RpcV1Parameters.ACTION, facts);
        return authenticated(key, nonce(signed.nonce(), RpcV1Parameters.SIGNATURE_NONCE, key.accessKeyId(),
                signed.timestamp()));
    }

    /** An active AccessKey and its user, as authentication reads them. */
    private record ActiveKey(String accessKeyId, byte[] secretCiphertext, long userId, String userName) {
    }

    /**
     * The active AccessKey and its user in one query, through JDBC: authentication runs before the call's transaction,
     * outside any persistence context.
     */
    private ActiveKey activeKey(String accessKeyId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        SELECT k.secret_ciphertext, u.id, u.user_name FROM access_key k JOIN ram_user u ON u.id = k.user_id
                        WHERE k.access_key_id = ? AND k.status = ?""")) {
            query.setString(1, accessKeyId);
            query.setString(2, AccessKey.ACTIVE);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new ApiException("InvalidAccessKeyId.NotFound", 404,
                            "the AccessKeyId \"" + accessKeyId + "\" is not found or not active");
                }
                return new ActiveKey(accessKeyId, row.getBytes(1), row.getLong(2), row.getString(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the AccessKey could not be read", e);
        }
    }

    private Authentication authenticated(ActiveKey key, SignatureNonce nonce) {
        return new Authentication(new Caller(key.userId(), key.userName(), config.accountId(), key.accessKeyId()), nonce);
    }

    private static Instant signedAt(RequestFacts facts) {
        String date = facts.header("x-acs-date");
        Instant signedAt;
        try {
            signedAt = Instant.parse(date);
        } catch (DateTimeParseException e) {
            throw new ApiException("InvalidTimeStamp.Format", 400,
                    "the x-acs-date \"" + date + "\" is not a UTC time like 2026-11-28T16:52:28Z");
        }
        checkWindow(signedAt, "x-acs-date", date, facts.receivedAt());
        return signedAt;
    }

    private static void checkWindow(Instant signedAt, String name, String sent, Instant now) {
        if (Duration.between(signedAt, now).abs().compareTo(CLOCK_SKEW) > 0) {
            throw new ApiException("InvalidTimeStamp.Expired", 400, "the " + name + " \"" + sent
                    + "\" is more than 15 minutes away from the server time " + now);
        }
    }

    private static void checkAction(String signedAction, String name, RequestFacts facts) {
        if (!facts.action().equals(signedAction)) {
            throw new ApiException("InvalidParameter", 400, "the signed " + name + " \"" + signedAction
                    + "\" does not name the called function \"" + facts.action() + "\"");
        }
    }

    /** With {@code tdeguard.auth.accepted-hosts} set, the signed host must be one of this deployment's. */
    private void checkHost(Acs3SignedRequest signed, RequestFacts facts) {
        Optional<List<String>> accepted = config.auth().acceptedHosts();
        if (accepted.isEmpty()) {
            return;
        }
        String host = facts.header("host");
        if (!signed.authorization().signedHeaders().contains("host")) {
            throw new ApiException("IncompleteSignature", 400,
                    "the host header must be signed: this deployment accepts only requests signed for its own hosts");
        }
        if (!AcceptedHosts.accepts(accepted.get(), host)) {
            throw new ApiException("SignatureDoesNotMatch", 400, "the request was signed for host \"" + host
                    + "\", which is not one this deployment answers to (tdeguard.auth.accepted-hosts)");
        }
    }

    /** The longest nonce taken: SDKs send 32 hex digits (ACS3) or a UUID (V1). */
    static final int MAX_NONCE_LENGTH = 128;

    private static SignatureNonce nonce(String nonce, String name, String accessKeyId, Instant signedAt) {
        // Checked before the nonce store sees it: it is the caller's text, and the store's column and index hold
        // printable ASCII of a bounded length.
        if (nonce == null || nonce.isEmpty() || nonce.length() > MAX_NONCE_LENGTH
                || !nonce.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new ApiException("IncompleteSignature", 400, "the " + name + " must be 1 to " + MAX_NONCE_LENGTH
                    + " printable ASCII characters");
        }
        return new SignatureNonce(nonce, name, accessKeyId, signedAt.plus(CLOCK_SKEW));
    }

    private static ApiException refusal(SignatureException e) {
        return new ApiException(e.kind().code(), e.kind().httpStatus(), e.getMessage());
    }
}
