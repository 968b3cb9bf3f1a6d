package io.tdeguard.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

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
 * the signature matches, the time signed is within {@link #CLOCK_SKEW} of ours, the action signed is the function
 * called, and the nonce was never used by this AccessKey. The nonce is spent only once the signature holds, so a forger
 * cannot spend other callers' nonces, and at once, committed on its own before anything else is done for the request:
 * a replay is refused whatever becomes of the first call, even when that one is refused. A nonce stays spent while its
 * signed time is within the window; once expired it counts as unused (a request signed with it is outside the window
 * anyway), and it is forgotten {@link #KEPT_AFTER_EXPIRY} later ({@link #forgetExpiredNonces}). That margin, and the
 * window checked again against the clock when the nonce is spent, keep a replay out even when its authentication is
 * delayed (by a pool, a frozen instance) past the window it was received in: it is refused as expired, and a nonce is
 * never forgotten while a request signed with it could still be spending it, up to that margin of clock difference
 * between instances. ACS3 and V1 nonces share one store.
 */
@ApplicationScoped
public class Authenticator {

    static final Duration CLOCK_SKEW = Duration.ofMinutes(15);
    /**
     * How long a nonce is kept after its window ended: far beyond {@link #SPEND_TIMEOUT}, so that no spending that
     * checked the window in time can find its nonce forgotten, and beyond any clock difference between instances.
     */
    static final Duration KEPT_AFTER_EXPIRY = CLOCK_SKEW;
    /** The longest the statement that spends a nonce may run (a lock it waits for, say); then it fails. */
    static final Duration SPEND_TIMEOUT = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private final SecretCipher cipher;
    private final TdeGuardConfig config;
    private final Clock clock;

    Authenticator(DataSource dataSource, SecretCipher cipher, TdeGuardConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.cipher = cipher;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Checks the request's signature and signed values, reading the AccessKey and its user, then spends its nonce. Two
     * statements, each its own transaction when no transaction is active (the AccessKey and its user in one query;
     * the nonce in one upsert).
     *
     * @throws ApiException Alibaba's refusal ({@code InvalidAccessKeyId.NotFound}, {@code SignatureDoesNotMatch},
     *                      {@code InvalidTimeStamp.Expired}, {@code IncompleteSignature}, {@code SignatureNonceUsed},
     *                      ...)
     */
    public Caller authenticate(RequestFacts facts) {
        return signedWithV1(facts) ? authenticateV1(facts) : authenticateAcs3(facts);
    }

    /**
     * Forgets the nonces whose window ended more than {@link #KEPT_AFTER_EXPIRY} ago, a bounded batch at a time in one
     * statement (its own transaction); instances may run it at once.
     */
    @Scheduled(identity = "forget-expired-nonces", every = "1m", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetExpiredNonces() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("""
                        DELETE FROM signature_nonce WHERE (access_key_id, nonce) IN (
                            SELECT access_key_id, nonce FROM signature_nonce WHERE expires_at < ? LIMIT 10000
                            FOR UPDATE SKIP LOCKED)""")) {
            delete.setTimestamp(1, Timestamp.from(clock.instant().minus(KEPT_AFTER_EXPIRY)));
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("the expired signature nonces could not be forgotten", e);
        }
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

    private Caller authenticateAcs3(RequestFacts facts) {
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
        SignedTime signedAt = signedAt(facts);
        checkAction(facts.header("x-acs-action"), "x-acs-action", facts);
        checkHost(signed, facts);
        spendNonce(facts.header("x-acs-signature-nonce"), "x-acs-signature-nonce", key.accessKeyId(), signedAt);
        return caller(key);
    }

    /** The V1 RPC signature over the parameters of the query and the form body ({@link RpcV1Verifier}). */
    private Caller authenticateV1(RequestFacts facts) {
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
        SignedTime signedAt = new SignedTime(RpcV1Parameters.TIMESTAMP, signed.rawTimestamp(), signed.timestamp());
        checkWindow(signedAt, facts.receivedAt());
        checkAction(signed.action(), RpcV1Parameters.ACTION, facts);
        spendNonce(signed.nonce(), RpcV1Parameters.SIGNATURE_NONCE, key.accessKeyId(), signedAt);
        return caller(key);
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
                        SELECT k.secret_ciphertext, u.id, u.user_name
                        FROM access_key k JOIN ram_user u ON u.id = k.user_id
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

    private Caller caller(ActiveKey key) {
        return new Caller(key.userId(), key.userName(), config.accountId(), key.accessKeyId());
    }

    /** The time a request was signed: the parameter or header that carries it, as sent, and as read. */
    private record SignedTime(String name, String sent, Instant at) {
    }

    private static SignedTime signedAt(RequestFacts facts) {
        String date = facts.header("x-acs-date");
        Instant signedAt;
        try {
            signedAt = Instant.parse(date);
        } catch (DateTimeParseException e) {
            throw new ApiException("InvalidTimeStamp.Format", 400,
                    "the x-acs-date \"" + date + "\" is not a UTC time like 2026-11-28T16:52:28Z");
        }
        SignedTime signed = new SignedTime("x-acs-date", date, signedAt);
        checkWindow(signed, facts.receivedAt());
        return signed;
    }

    private static void checkWindow(SignedTime signed, Instant now) {
        if (Duration.between(signed.at(), now).abs().compareTo(CLOCK_SKEW) > 0) {
            throw new ApiException("InvalidTimeStamp.Expired", 400, "the " + signed.name() + " \"" + signed.sent()
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

    /**
     * Spends the nonce, once the signed time is checked again against the clock: the request may have waited since it
     * was received, and its nonce may be forgotten only once its window has ended ({@link #KEPT_AFTER_EXPIRY}).
     */
    private void spendNonce(String nonce, String name, String accessKeyId, SignedTime signedAt) {
        // Checked before the nonce store sees it: it is the caller's text, and the store's column and index hold
        // printable ASCII of a bounded length.
        if (nonce == null || nonce.isEmpty() || nonce.length() > MAX_NONCE_LENGTH
                || !nonce.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new ApiException("IncompleteSignature", 400, "the " + name + " must be 1 to " + MAX_NONCE_LENGTH
                    + " printable ASCII characters");
        }
        // An expired row of the same nonce is taken over, so that no DELETE is needed on the request path.
        int spent;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO signature_nonce (access_key_id, nonce, expires_at) VALUES (?, ?, ?)
                        ON CONFLICT (access_key_id, nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at
                        WHERE signature_nonce.expires_at < ?""")) {
            // Checked with the connection in hand: the statement starts at once and ends within SPEND_TIMEOUT.
            upsert.setQueryTimeout((int) SPEND_TIMEOUT.toSeconds());
            Instant now = clock.instant();
            checkWindow(signedAt, now);
            upsert.setString(1, accessKeyId);
            upsert.setString(2, nonce);
            upsert.setTimestamp(3, Timestamp.from(signedAt.at().plus(CLOCK_SKEW)));
            upsert.setTimestamp(4, Timestamp.from(now));
            spent = upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("the signature nonce could not be recorded", e);
        }
        if (spent == 0) {
            throw new ApiException("SignatureNonceUsed", 400,
                    "the " + name + " \"" + nonce + "\" has been used: every request needs a new one");
        }
    }

    private static ApiException refusal(SignatureException e) {
        return new ApiException(e.kind().code(), e.kind().httpStatus(), e.getMessage());
    }
}
