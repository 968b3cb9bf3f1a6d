package io.tdeguard.signature;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The common parameters of an RPC request signed with the V1 signature ({@code SignatureVersion=1.0}), as the
 * {@code aliyun} CLI, Terraform's alicloud provider and the V1 SDKs send them, and a builder of them for a client.
 *
 * <p>Source: Alibaba Cloud, "Request syntax and signature method V2 for RPC APIs" (the V1 SDKs call it signature
 * version 1.0), and {@code aliyun-java-sdk-core} 4.7.9 {@code RpcSignatureComposer#refreshSignParameters}.
 */
public final class RpcV1Parameters {

    public static final String ACTION = "Action";
    public static final String VERSION = "Version";
    public static final String FORMAT = "Format";
    public static final String ACCESS_KEY_ID = "AccessKeyId";
    /** The base64 signature; the only parameter the string to sign leaves out. */
    public static final String SIGNATURE = "Signature";
    /** Always {@link #HMAC_SHA1} here. */
    public static final String SIGNATURE_METHOD = "SignatureMethod";
    /** Always {@link #SIGNATURE_VERSION_1_0} here. */
    public static final String SIGNATURE_VERSION = "SignatureVersion";
    /** Unique per request, against replay; the SDKs send a UUID or a longer random string. */
    public static final String SIGNATURE_NONCE = "SignatureNonce";
    /** UTC to the second, {@code yyyy-MM-dd'T'HH:mm:ss'Z'}, e.g. {@code 2016-02-23T12:46:24Z}. */
    public static final String TIMESTAMP = "Timestamp";
    /** Sent by the SDKs for other signers (e.g. {@code BEARERTOKEN}); never with HMAC-SHA1. */
    public static final String SIGNATURE_TYPE = "SignatureType";
    /** An STS token, sent with temporary credentials. */
    public static final String SECURITY_TOKEN = "SecurityToken";
    public static final String REGION_ID = "RegionId";

    public static final String HMAC_SHA1 = "HMAC-SHA1";
    public static final String SIGNATURE_VERSION_1_0 = "1.0";

    /**
     * The parameters a request must carry for its V1 signature to be verified, in the order a verifier checks
     * them. {@code Format} is optional (the response defaults to XML), and so is {@code RegionId}.
     */
    public static final List<String> REQUIRED = List.of(
            ACCESS_KEY_ID, SIGNATURE, SIGNATURE_METHOD, SIGNATURE_VERSION, SIGNATURE_NONCE, TIMESTAMP, VERSION, ACTION);

    private static final DateTimeFormatter TIMESTAMP_FORMAT = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC)
            .withResolverStyle(ResolverStyle.STRICT);

    private RpcV1Parameters() {
    }

    /** A builder of the common parameters a V1 SDK sends to call {@code action} of API {@code version}. */
    public static Standard standard(String action, String version) {
        return new Standard(action, version);
    }

    /** {@code instant} as {@code Timestamp} carries it: UTC, truncated to the second. */
    public static String formatTimestamp(Instant instant) {
        return TIMESTAMP_FORMAT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Parses a {@code Timestamp} strictly: {@code yyyy-MM-dd'T'HH:mm:ss'Z'}, nothing else (no fraction, no offset,
     * no 24:00, no February 30).
     *
     * @throws SignatureException of kind {@code InvalidTimeStamp.Format} otherwise
     */
    public static Instant parseTimestamp(String timestamp) {
        try {
            return Instant.from(TIMESTAMP_FORMAT.parse(timestamp));
        } catch (DateTimeParseException e) {
            throw SignatureException.timestampFormat(TIMESTAMP, timestamp);
        }
    }

    /** A fresh nonce, as the CLI makes one: a random UUID. */
    public static String randomNonce() {
        return UUID.randomUUID().toString();
    }

    /**
     * Builds {@code AccessKeyId}, {@code Action}, {@code Version}, {@code Format}, {@code SignatureMethod},
     * {@code SignatureVersion}, {@code SignatureNonce}, {@code Timestamp}, and {@code RegionId} when given.
     */
    public static final class Standard {

        private final String action;
        private final String version;
        private String accessKeyId;
        private String format = "JSON";
        private String regionId;
        private Clock clock = Clock.systemUTC();
        private Supplier<String> nonce = RpcV1Parameters::randomNonce;

        private Standard(String action, String version) {
            this.action = Objects.requireNonNull(action, "action");
            this.version = Objects.requireNonNull(version, "version");
        }

        public Standard accessKeyId(String accessKeyId) {
            this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
            return this;
        }

        /** The response format, {@code JSON} by default. */
        public Standard format(String format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        public Standard regionId(String regionId) {
            this.regionId = Objects.requireNonNull(regionId, "regionId");
            return this;
        }

        /** The clock of {@code Timestamp}; the system UTC clock by default. */
        public Standard clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The source of {@code SignatureNonce}; {@link #randomNonce()} by default. */
        public Standard nonce(Supplier<String> nonce) {
            this.nonce = Objects.requireNonNull(nonce, "nonce");
            return this;
        }

        /**
         * The parameters, by name.
         *
         * @throws IllegalStateException if no AccessKeyId was given
         */
        public SortedMap<String, String> build() {
            if (accessKeyId == null) {
                throw new IllegalStateException("no access key id");
            }
            SortedMap<String, String> parameters = new TreeMap<>();
            parameters.put(ACCESS_KEY_ID, accessKeyId);
            parameters.put(ACTION, action);
            parameters.put(VERSION, version);
            parameters.put(FORMAT, format);
            parameters.put(SIGNATURE_METHOD, HMAC_SHA1);
            parameters.put(SIGNATURE_VERSION, SIGNATURE_VERSION_1_0);
            parameters.put(SIGNATURE_NONCE, nonce.get());
            parameters.put(TIMESTAMP, formatTimestamp(clock.instant()));
            if (regionId != null) {
                parameters.put(REGION_ID, regionId);
            }
            return Collections.unmodifiableSortedMap(parameters);
        }
    }
}
