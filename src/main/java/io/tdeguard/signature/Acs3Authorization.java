package io.tdeguard.signature;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed {@code Authorization} header:
 * {@code ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<a;b;c>,Signature=<hex>}.
 *
 * <p>Parsing is strict, because anything a lenient parser accepts an attacker may use:
 * <ul>
 *   <li>exactly one space after the algorithm, which must be {@code ACS3-HMAC-SHA256};</li>
 *   <li>the three parts {@code Credential}, {@code SignedHeaders}, {@code Signature}, each exactly once, in any
 *       order, separated by commas that may be followed by spaces; nothing else;</li>
 *   <li>the AccessKeyId made of {@code A-Z a-z 0-9 . _ -};</li>
 *   <li>the signed headers lower-case header names, sorted and without repetition, as the SDK writes them, and
 *       including every name of {@link #REQUIRED_SIGNED_HEADERS};</li>
 *   <li>the signature 64 lower-case hex characters, as the SDK writes it.</li>
 * </ul>
 * A header that breaks a rule is an {@link SignatureException.Kind#INCOMPLETE_SIGNATURE}.
 *
 * @param accessKeyId the AccessKeyId of {@code Credential}
 * @param signedHeaders the names of {@code SignedHeaders}, sorted
 * @param signature the lower-case hex signature
 */
public record Acs3Authorization(String accessKeyId, List<String> signedHeaders, String signature) {

    /**
     * Headers every signature must cover, though the spec would let a client leave them out: without
     * {@code x-acs-date}, {@code x-acs-signature-nonce} and {@code x-acs-content-sha256} an attacker could replace
     * the date, nonce or body of a captured request (defeating the freshness and replay checks); without
     * {@code host} replay a request signed for another endpoint; without {@code x-acs-action} change the action
     * the server reads. The official SDKs always sign all five.
     */
    public static final Set<String> REQUIRED_SIGNED_HEADERS = Set.of(
            Acs3Headers.HOST,
            Acs3Headers.ACTION,
            Acs3Headers.DATE,
            Acs3Headers.SIGNATURE_NONCE,
            Acs3Headers.CONTENT_SHA256);

    private static final String CREDENTIAL = "Credential";
    private static final String SIGNED_HEADERS = "SignedHeaders";
    private static final String SIGNATURE = "Signature";
    private static final List<String> PARTS = List.of(CREDENTIAL, SIGNED_HEADERS, SIGNATURE);

    private static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Za-z0-9._-]+");
    /** An HTTP token (RFC 9110 tchar) without upper case letters. */
    private static final Pattern LOWER_CASE_HEADER_NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+");
    private static final Pattern SIGNATURE_HEX = Pattern.compile("[0-9a-f]{64}");

    public Acs3Authorization {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        signedHeaders = List.copyOf(signedHeaders);
        Objects.requireNonNull(signature, "signature");
    }

    /**
     * Parses an {@code Authorization} header value by the rules above.
     *
     * @throws SignatureException of kind {@code IncompleteSignature} when a rule is broken
     */
    public static Acs3Authorization parse(String header) {
        Objects.requireNonNull(header, "header");
        int space = header.indexOf(' ');
        if (space < 0) {
            throw SignatureException.incomplete("malformed authorization header '" + header + "'");
        }
        String algorithm = header.substring(0, space);
        if (!algorithm.equals(Acs3Signer.ALGORITHM)) {
            throw SignatureException.incomplete("unsupported signature algorithm '" + algorithm + "'");
        }
        Map<String, String> parts = parseParts(header, header.substring(space + 1));
        String accessKeyId = parts.get(CREDENTIAL);
        if (!isValidAccessKeyId(accessKeyId)) {
            throw SignatureException.incomplete("malformed credential '" + accessKeyId + "'");
        }
        List<String> signedHeaders = parseSignedHeaders(parts.get(SIGNED_HEADERS));
        String signature = parts.get(SIGNATURE);
        if (!SIGNATURE_HEX.matcher(signature).matches()) {
            throw SignatureException.incomplete("malformed signature '" + signature + "'");
        }
        return new Acs3Authorization(accessKeyId, signedHeaders, signature);
    }

    /** Whether {@code accessKeyId} can appear in a {@code Credential}: non-empty, {@code A-Z a-z 0-9 . _ -}. */
    public static boolean isValidAccessKeyId(String accessKeyId) {
        return ACCESS_KEY_ID.matcher(accessKeyId).matches();
    }

    private static Map<String, String> parseParts(String header, String credentials) {
        Map<String, String> parts = new LinkedHashMap<>();
        String[] pieces = credentials.split(",", -1);
        for (int i = 0; i < pieces.length; i++) {
            // The SDK writes no spaces; people writing the header by hand often put one after each comma.
            String piece = i == 0 ? pieces[i] : pieces[i].stripLeading();
            int equals = piece.indexOf('=');
            if (equals < 0) {
                throw SignatureException.incomplete("malformed authorization header '" + header + "'");
            }
            String name = piece.substring(0, equals);
            if (!PARTS.contains(name)) {
                throw SignatureException.incomplete("unknown authorization part '" + name + "'");
            }
            if (parts.put(name, piece.substring(equals + 1)) != null) {
                throw SignatureException.incomplete("repeated authorization part '" + name + "'");
            }
        }
        for (String name : PARTS) {
            if (!parts.containsKey(name)) {
                throw SignatureException.incomplete("missing authorization part '" + name + "'");
            }
        }
        return parts;
    }

    private static List<String> parseSignedHeaders(String value) {
        if (value.isEmpty()) {
            throw SignatureException.incomplete("signed headers are empty");
        }
        List<String> names = Arrays.asList(value.split(";", -1));
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!LOWER_CASE_HEADER_NAME.matcher(name).matches()) {
                throw SignatureException.incomplete("malformed signed header name '" + name + "'");
            }
            int order = i == 0 ? -1 : names.get(i - 1).compareTo(name);
            if (order == 0) {
                throw SignatureException.incomplete("signed header '" + name + "' is repeated");
            }
            if (order > 0) {
                // Java SDKs older than late 2021 list them in the order of a HashMap; their signature was computed
                // over that order, which no verifier of the sorted form can reproduce.
                throw SignatureException.incomplete("signed headers must be sorted: '" + value + "'");
            }
        }
        for (String required : REQUIRED_SIGNED_HEADERS.stream().sorted().toList()) {
            if (!names.contains(required)) {
                throw SignatureException.incomplete("signed headers must include '" + required + "'");
            }
        }
        return names;
    }
}
