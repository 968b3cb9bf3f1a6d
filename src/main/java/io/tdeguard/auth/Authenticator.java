package io.tdeguard.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

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
 * called, and the nonce was never used. The nonce is recorded only once the signature holds, so a forger cannot
 * spend other callers' nonces. ACS3 and V1 nonces share one store.
 */
@ApplicationScoped
public class Authenticator {

    static final Duration CLOCK_SKEW = Duration.ofMinutes(15);

    private final EntityManager entityManager;
    private final SecretCipher cipher;
    private final TdeGuardConfig config;

    Authenticator(EntityManager entityManager, SecretCipher cipher, TdeGuardConfig config) {
        this.entityManager = entityManager;
        this.cipher = cipher;
        this.config = config;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Caller authenticate(RequestFacts facts) {
        return signedWithV1(facts) ? authenticateV1(facts) : authenticateAcs3(facts);
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
        AccessKey key = activeKey(signed.accessKeyId());
        try {
            Acs3Verifier.verify(signed, cipher.decrypt(key.accessKeyId, key.secretCiphertext));
        } catch (SignatureException e) {
            throw refusal(e);
        }
        Instant signedAt = signedAt(facts);
        checkAction(facts.header("x-acs-action"), "x-acs-action", facts);
        checkHost(signed, facts);
        spendNonce(facts.header("x-acs-signature-nonce"), "x-acs-signature-nonce", key.accessKeyId, signedAt,
                facts.receivedAt());
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
        AccessKey key = activeKey(signed.accessKeyId());
        try {
            RpcV1Verifier.verify(signed, cipher.decrypt(key.accessKeyId, key.secretCiphertext));
        } catch (SignatureException e) {
            throw refusal(e);
        }
        checkWindow(signed.timestamp(), RpcV1Parameters.TIMESTAMP, signed.rawTimestamp(), facts.receivedAt());
        checkAction(signed.action(), RpcV1Parameters.ACTION, facts);
        spendNonce(signed.nonce(), RpcV1Parameters.SIGNATURE_NONCE, key.accessKeyId, signed.timestamp(),
                facts.receivedAt());
        return caller(key);
    }

    private static AccessKey activeKey(String accessKeyId) {
        AccessKey key = AccessKey.findById(accessKeyId);
        if (key == null || !AccessKey.ACTIVE.equals(key.status)) {
            throw new ApiException("InvalidAccessKeyId.NotFound", 404,
                    "the AccessKeyId \"" + accessKeyId + "\" is not found or not active");
        }
        return key;
    }

    private Caller caller(AccessKey key) {
        RamUser user = RamUser.findById(key.userId);
        return new Caller(user.id, user.userName, config.accountId(), key.accessKeyId);
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

    private void spendNonce(String nonce, String name, String accessKeyId, Instant signedAt, Instant now) {
        // Checked before the nonce store sees it: it is the caller's text, and the store's column and index hold
        // printable ASCII of a bounded length.
        if (nonce == null || nonce.isEmpty() || nonce.length() > MAX_NONCE_LENGTH
                || !nonce.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new ApiException("IncompleteSignature", 400, "the " + name + " must be 1 to " + MAX_NONCE_LENGTH
                    + " printable ASCII characters");
        }
        entityManager.createNativeQuery("DELETE FROM signature_nonce WHERE expires_at < ?1")
                .setParameter(1, now).executeUpdate();
        int recorded = entityManager.createNativeQuery(
                "INSERT INTO signature_nonce (nonce, access_key_id, expires_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                .setParameter(1, nonce).setParameter(2, accessKeyId).setParameter(3, signedAt.plus(CLOCK_SKEW))
                .executeUpdate();
        if (recorded == 0) {
            throw new ApiException("SignatureNonceUsed", 400,
                    "the " + name + " \"" + nonce + "\" has been used: every request needs a new one");
        }
    }

    private static ApiException refusal(SignatureException e) {
        return new ApiException(e.kind().code(), e.kind().httpStatus(), e.getMessage());
    }
}
