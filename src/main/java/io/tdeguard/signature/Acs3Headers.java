package io.tdeguard.signature;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The header names ACS3 uses, and the standard headers the official SDKs send with every call. */
public final class Acs3Headers {

    public static final String HOST = "host";
    public static final String CONTENT_TYPE = "content-type";
    public static final String AUTHORIZATION = "authorization";
    public static final String ACTION = "x-acs-action";
    public static final String VERSION = "x-acs-version";
    /** UTC to the second, e.g. {@code 2026-11-28T16:52:28Z}. */
    public static final String DATE = "x-acs-date";
    /** 32 lower-case hex characters, unique per request, against replay. */
    public static final String SIGNATURE_NONCE = "x-acs-signature-nonce";
    /** Lower-case hex SHA-256 of the body. */
    public static final String CONTENT_SHA256 = "x-acs-content-sha256";
    /** An STS token, sent with temporary credentials. */
    public static final String SECURITY_TOKEN = "x-acs-security-token";

    private static final DateTimeFormatter DATE_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private static final SecureRandom NONCE_RANDOM = new SecureRandom();

    private static final HexFormat HEX = HexFormat.of();

    private Acs3Headers() {
    }

    /** A builder of the SDK's standard headers for calling {@code action} of API {@code version}. */
    public static Standard standard(String action, String version) {
        return new Standard(action, version);
    }

    /** {@code instant} as {@code x-acs-date} carries it: UTC, truncated to the second. */
    public static String formatDate(Instant instant) {
        return DATE_FORMAT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** A fresh nonce: 16 bytes from {@link SecureRandom} as 32 lower-case hex characters. */
    public static String randomNonce() {
        byte[] nonce = new byte[16];
        NONCE_RANDOM.nextBytes(nonce);
        return HEX.formatHex(nonce);
    }

    /**
     * Builds {@code x-acs-action}, {@code x-acs-version}, {@code x-acs-date}, {@code x-acs-signature-nonce},
     * {@code x-acs-content-sha256}, and {@code host}, {@code content-type}, {@code x-acs-security-token} when given.
     */
    public static final class Standard {

        private final String action;
        private final String version;
        private String host;
        private String contentType;
        private String securityToken;
        private Clock clock = Clock.systemUTC();
        private Supplier<String> nonce = Acs3Headers::randomNonce;

        private Standard(String action, String version) {
            this.action = Objects.requireNonNull(action, "action");
            this.version = Objects.requireNonNull(version, "version");
        }

        /** The {@code host} header: the authority the request is sent to, e.g. {@code localhost:8080}. */
        public Standard host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Standard contentType(String contentType) {
            this.contentType = Objects.requireNonNull(contentType, "contentType");
            return this;
        }

        /** An STS security token; as an {@code x-acs-*} header it is signed too. */
        public Standard securityToken(String securityToken) {
            this.securityToken = Objects.requireNonNull(securityToken, "securityToken");
            return this;
        }

        /** The clock of {@code x-acs-date}; the system UTC clock by default. */
        public Standard clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The source of {@code x-acs-signature-nonce}; {@link #randomNonce()} by default. */
        public Standard nonce(Supplier<String> nonce) {
            this.nonce = Objects.requireNonNull(nonce, "nonce");
            return this;
        }

        /** The headers for a request with this body, by lower-case name. */
        public Map<String, String> build(byte[] body) {
            Map<String, String> headers = new TreeMap<>();
            if (host != null) {
                headers.put(HOST, host);
            }
            if (contentType != null) {
                headers.put(CONTENT_TYPE, contentType);
            }
            headers.put(ACTION, action);
            headers.put(VERSION, version);
            headers.put(DATE, formatDate(clock.instant()));
            headers.put(SIGNATURE_NONCE, nonce.get());
            headers.put(CONTENT_SHA256, Acs3CanonicalRequest.sha256Hex(body));
            if (securityToken != null) {
                headers.put(SECURITY_TOKEN, securityToken);
            }
            return Collections.unmodifiableMap(headers);
        }
    }
}
