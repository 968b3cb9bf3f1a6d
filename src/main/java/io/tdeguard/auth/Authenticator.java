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
import io.tdeguard.signature.Acs3Request;
import io.tdeguard.signature.Acs3SignedRequest;
import io.tdeguard.signature.Acs3Verifier;
import io.tdeguard.signature.SignatureException;

/**
 * Authenticates a request signed as Alibaba SDKs sign (ACS3-HMAC-SHA256): the AccessKey exists and is active,
 * the signature and the body hash match, the date is within {@link #CLOCK_SKEW} of ours, the action signed is the
 * function called, and the nonce was never used. The nonce is recorded only once the signature holds, so a forger
 * cannot spend other callers' nonces.
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
        AccessKey key = AccessKey.findById(signed.accessKeyId());
        if (key == null || !AccessKey.ACTIVE.equals(key.status)) {
            throw new ApiException("InvalidAccessKeyId.NotFound", 404,
                    "the AccessKeyId \"" + signed.accessKeyId() + "\" is not found or not active");
        }
        try {
            Acs3Verifier.verify(signed, cipher.decrypt(key.accessKeyId, key.secretCiphertext));
        } catch (SignatureException e) {
            throw refusal(e);
        }
        Instant signedAt = signedAt(facts);
        checkAction(facts);
        checkHost(signed, facts);
        spendNonce(facts.header("x-acs-signature-nonce"), key.accessKeyId, signedAt, facts.receivedAt());
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
        Duration skew = Duration.between(signedAt, facts.receivedAt()).abs();
        if (skew.compareTo(CLOCK_SKEW) > 0) {
            throw new ApiException("InvalidTimeStamp.Expired", 400, "the x-acs-date \"" + date
                    + "\" is more than 15 minutes away from the server time " + facts.receivedAt());
        }
        return signedAt;
    }

    private static void checkAction(RequestFacts facts) {
        String signedAction = facts.header("x-acs-action");
        if (!facts.action().equals(signedAction)) {
            throw new ApiException("InvalidParameter", 400, "the signed x-acs-action \"" + signedAction
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

    private void spendNonce(String nonce, String accessKeyId, Instant signedAt, Instant now) {
        entityManager.createNativeQuery("DELETE FROM signature_nonce WHERE expires_at < ?1")
                .setParameter(1, now).executeUpdate();
        int recorded = entityManager.createNativeQuery(
                "INSERT INTO signature_nonce (nonce, access_key_id, expires_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                .setParameter(1, nonce).setParameter(2, accessKeyId).setParameter(3, signedAt.plus(CLOCK_SKEW))
                .executeUpdate();
        if (recorded == 0) {
            throw new ApiException("SignatureNonceUsed", 400,
                    "the x-acs-signature-nonce \"" + nonce + "\" has been used: every request needs a new one");
        }
    }

    private static ApiException refusal(SignatureException e) {
        return new ApiException(e.kind().code(), e.kind().httpStatus(), e.getMessage());
    }
}
