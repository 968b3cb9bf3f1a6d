package io.tdeguard.policy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A deliberately plain second implementation of the evaluation rules, written straight from the package
 * documentation and sharing no evaluation code with the engine: it reads the JSON documents as they are,
 * matches wildcards with regular expressions, dates with {@code java.time}, numbers with {@link BigDecimal},
 * addresses with {@link InetAddress} and {@link BigInteger} masks, and loops over every statement (no
 * index). Unknown is {@code null}. Only for valid documents and the vocabularies of {@link RandomPolicies}.
 */
final class ReferenceEvaluator {

    private static final Pattern RFC_3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final BigInteger IPV4_MAPPED = BigInteger.valueOf(0xffffL).shiftLeft(32);

    private ReferenceEvaluator() {
    }

    /** The expected decision, with matched and erroneous statements as {@code Policy[index]}. */
    record Expected(Outcome outcome, List<String> matched, List<String> errors) {
    }

    static Expected decide(Map<String, ? extends JsonNode> documents, AccessRequest request) {
        List<String> denies = new ArrayList<>();
        List<String> denyErrors = new ArrayList<>();
        List<String> allows = new ArrayList<>();
        List<String> allowErrors = new ArrayList<>();
        documents.forEach((name, document) -> {
            JsonNode statements = document.get("Statement");
            for (int i = 0; i < statements.size(); i++) {
                JsonNode statement = statements.get(i);
                Boolean applies = applies(statement, request);
                String ref = name + "[" + i + "]";
                boolean deny = statement.get("Effect").asText().equals("Deny");
                if (deny && applies != Boolean.FALSE) {
                    denies.add(ref);
                }
                if (deny && applies == null) {
                    denyErrors.add(ref);
                }
                if (!deny && applies == Boolean.TRUE) {
                    allows.add(ref);
                }
                if (!deny && applies == null) {
                    allowErrors.add(ref);
                }
            }
        });
        if (!denies.isEmpty()) {
            return new Expected(Outcome.EXPLICIT_DENY, denies, denyErrors);
        }
        return new Expected(allows.isEmpty() ? Outcome.IMPLICIT_DENY : Outcome.ALLOW, allows, allowErrors);
    }

    private static Boolean applies(JsonNode statement, AccessRequest request) {
        boolean notAction = statement.has("NotAction");
        boolean actionMatches = anyGlob(statement.get(notAction ? "NotAction" : "Action"), request.action(), true);
        boolean notResource = statement.has("NotResource");
        boolean resourceMatches = anyGlob(statement.get(notResource ? "NotResource" : "Resource"), request.resource(), false);
        if (actionMatches == notAction || resourceMatches == notResource) {
            return false;
        }
        Boolean result = true;
        JsonNode condition = statement.path("Condition");
        for (var operator : condition.properties()) {
            for (var key : operator.getValue().properties()) {
                Boolean holds = condition(operator.getKey(), key.getKey(), values(key.getValue()), request);
                if (holds == Boolean.FALSE) {
                    return false;
                }
                if (holds == null) {
                    result = null;
                }
            }
        }
        return result;
    }

    private static boolean anyGlob(JsonNode patterns, String text, boolean ignoreCase) {
        for (JsonNode pattern : values(patterns)) {
            StringBuilder regex = new StringBuilder();
            for (char ch : pattern.asText().toCharArray()) {
                regex.append(ch == '*' ? ".*" : ch == '?' ? "." : Pattern.quote(String.valueOf(ch)));
            }
            int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
            if (Pattern.compile(regex.toString(), flags).matcher(text).matches()) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> values(JsonNode node) {
        List<JsonNode> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(values::add);
        } else {
            values.add(node);
        }
        return values;
    }

    private static Boolean condition(String operator, String key, List<JsonNode> policyValues, AccessRequest request) {
        boolean negated = operator.startsWith("Not") || operator.contains("Not");
        String positive = operator.replace("NotIpAddress", "IpAddress").replace("Not", "");
        List<String> requestValues = new ArrayList<>();
        request.context().forEach((name, values) -> {
            if (name.equalsIgnoreCase(key)) {
                requestValues.addAll(values);
            }
        });
        Boolean any = false;
        for (String requestValue : requestValues) {
            for (JsonNode policyValue : policyValues) {
                Boolean matches = matches(positive, requestValue, policyValue);
                if (matches == Boolean.TRUE) {
                    any = true;
                } else if (matches == null && any == Boolean.FALSE) {
                    any = null;
                }
            }
        }
        if (!negated || any == null) {
            return any;
        }
        return !any;
    }

    private static Boolean matches(String operator, String requestValue, JsonNode policyValue) {
        String policyText = policyValue.asText();
        switch (operator) {
            case "StringEquals":
                return requestValue.equals(policyText);
            case "StringEqualsIgnoreCase":
                return requestValue.equalsIgnoreCase(policyText);
            case "StringLike":
                return anyGlob(policyValue, requestValue, false);
            case "Bool": {
                String lower = requestValue.toLowerCase(Locale.ROOT);
                if (!lower.equals("true") && !lower.equals("false")) {
                    return null;
                }
                return lower.equals(policyText.toLowerCase(Locale.ROOT));
            }
            case "IpAddress":
                return ipMatches(requestValue, policyText);
            default:
                break;
        }
        int comparison;
        if (operator.startsWith("Numeric")) {
            if (!NUMBER.matcher(requestValue).matches()) {
                return null;
            }
            comparison = new BigDecimal(requestValue).compareTo(new BigDecimal(policyText));
        } else {
            Instant value = instant(requestValue);
            if (value == null) {
                return null;
            }
            comparison = value.compareTo(instant(policyText));
        }
        String relation = operator.replace("Numeric", "").replace("Date", "");
        return switch (relation) {
            case "Equals" -> comparison == 0;
            case "LessThan" -> comparison < 0;
            case "LessThanEquals" -> comparison <= 0;
            case "GreaterThan" -> comparison > 0;
            case "GreaterThanEquals" -> comparison >= 0;
            default -> throw new IllegalArgumentException(operator);
        };
    }

    private static Instant instant(String text) {
        if (text.matches("\\d{1,12}")) {
            return Instant.ofEpochSecond(Long.parseLong(text));
        }
        if (!RFC_3339.matcher(text).matches()) {
            return null;
        }
        return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant();
    }

    private static Boolean ipMatches(String requestValue, String block) {
        BigInteger address = address(requestValue);
        if (address == null) {
            return null;
        }
        String[] parts = block.split("/");
        boolean ipv4 = !parts[0].contains(":");
        int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : ipv4 ? 32 : 128;
        int shift = 128 - (ipv4 ? 96 + prefix : prefix);
        return address.shiftRight(shift).equals(address(parts[0]).shiftRight(shift));
    }

    /** The address as 128 bits, IPv4 mapped into IPv6, or {@code null}. */
    private static BigInteger address(String text) {
        if (!text.contains(":")) {
            return IPV4.matcher(text).matches() ? IPV4_MAPPED.or(new BigInteger(1, ipv4Bytes(text))) : null;
        }
        if (text.contains("%") || text.contains("[")) {
            return null;
        }
        try {
            // with a ':' InetAddress parses an IPv6 literal and never looks a name up
            InetAddress address = InetAddress.getByName(text);
            return address instanceof Inet4Address ? IPV4_MAPPED.or(new BigInteger(1, address.getAddress()))
                    : new BigInteger(1, address.getAddress());
        } catch (UnknownHostException notAnAddress) {
            return null;
        }
    }

    private static byte[] ipv4Bytes(String text) {
        String[] parts = text.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return bytes;
    }
}
