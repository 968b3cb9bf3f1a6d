package io.tdeguard.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Generates valid policy documents and requests from small vocabularies that overlap, so that random
 * requests often match random statements, sometimes only partly, and sometimes carry malformed values.
 * Every statement gets a unique Sid, so that a statement can be recognised after reordering.
 */
final class RandomPolicies {

    static final List<String> REQUEST_ACTIONS = List.of("kvstore:ModifyInstanceTDE", "kvstore:DescribeInstanceTDEStatus",
            "kvstore:DescribeInstances", "ecs:StartInstance", "ram:CreateUser", "tdeguard:DecideApproval",
            "kvstorex:ModifyThing", "ModifyInstanceTDE");
    static final List<String> ACTION_PATTERNS = List.of("*", "kvstore:*", "kvstore:ModifyInstanceTDE", "kvstore:Describe*",
            "kvstore:DescribeInstance?", "kv*:Modify*", "*:Describe*", "ecs:*", "ram:CreateUser", "tdeguard:Decide*",
            "KVSTORE:modify*", "k?store:*", "*:*", "kvstore:*TDE*");
    static final List<String> REQUEST_RESOURCES = List.of("acs:kvstore:cn-hangzhou:1234567890:instance/r-1",
            "acs:kvstore:cn-hangzhou:1234567890:instance/r-2", "acs:kvstore:cn-hangzhou:1234567890:instance/r-prod1",
            "acs:kvstore:cn-beijing:1234567890:instance/r-1", "acs:ecs:cn-hangzhou:1234567890:instance/i-1",
            "acs:ram::1234567890:user/bob", "acs:kvstore:cn-hangzhou:1234567890:instance/R-1");
    static final List<String> RESOURCE_PATTERNS = List.of("*", "acs:kvstore:*:*:*", "acs:kvstore:cn-hangzhou:1234567890:instance/r-?",
            "acs:kvstore:*:1234567890:instance/r-prod*", "acs:kvstore:cn-hangzhou:1234567890:instance/r-1",
            "acs:ram::1234567890:user/*", "acs:*:*:*:*", "acs:kvstore:cn-*:*:instance/r-*1");

    /** Condition keys by family, with the values policies and requests draw from. */
    private record KeyVocabulary(String key, List<String> operators, List<JsonNode> policyValues, List<String> requestValues) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final List<KeyVocabulary> KEYS = List.of(
            new KeyVocabulary("kvstore:TDEStatus",
                    List.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"),
                    List.of(text("Enabled"), text("Disabled"), text("enabled"), text("Enab*"), text("?nabled"), text("*"), text("Dis*")),
                    List.of("Enabled", "Disabled", "enabled", "ENABLED", "x", "")),
            new KeyVocabulary("kvstore:Count",
                    List.of("NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"),
                    List.of(NODES.numberNode(0), NODES.numberNode(10), NODES.numberNode(new java.math.BigDecimal("10.0")), text("10"),
                            NODES.numberNode(-5), text("2.5"), NODES.numberNode(new java.math.BigDecimal("1E+2"))),
                    List.of("0", "1", "10", "10.00", "11", "-5", "2.5", "100", "ten", "")),
            new KeyVocabulary("acs:CurrentTime",
                    List.of("DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals"),
                    List.of(text("2026-01-01T00:00:00Z"), text("2026-01-01T08:00:00+08:00"), NODES.numberNode(1767225600L),
                            text("1767225599"), text("2025-06-01T12:00:00.5-03:00")),
                    List.of("2026-01-01T00:00:00Z", "2026-01-01T08:00:00+08:00", "1767225600", "1767225599", "2026-01-01T00:00:01Z",
                            "2025-06-01T15:00:00.5Z", "yesterday", "2026-01-01T00:00:00")),
            new KeyVocabulary("acs:MFAPresent", List.of("Bool"),
                    List.of(NODES.booleanNode(true), NODES.booleanNode(false), text("true"), text("FALSE")),
                    List.of("true", "false", "TRUE", "False", "yes")),
            new KeyVocabulary("acs:SourceIp", List.of("IpAddress", "NotIpAddress"),
                    List.of(text("192.0.2.0/24"), text("192.0.2.7"), text("0.0.0.0/0"), text("::/0"), text("2001:db8::/32"),
                            text("::ffff:192.0.2.0/120"), text("10.0.0.0/8"), text("2001:db8::1/128")),
                    List.of("192.0.2.7", "192.0.2.255", "192.0.3.0", "10.1.2.3", "::ffff:192.0.2.9", "2001:db8::1", "2001:db9::",
                            "not-an-ip", "192.0.2.010", "::")));

    private final Random random;
    private int nextSid;

    RandomPolicies(Random random) {
        this.random = random;
    }

    private static JsonNode text(String value) {
        return NODES.textNode(value);
    }

    /** A document of one to four statements. */
    ObjectNode document() {
        ObjectNode document = NODES.objectNode();
        document.put("Version", "1");
        ArrayNode statements = document.putArray("Statement");
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            statements.add(statement(random.nextBoolean() ? "Allow" : "Deny"));
        }
        return document;
    }

    /** One to four named documents. */
    Map<String, ObjectNode> documents() {
        Map<String, ObjectNode> documents = new LinkedHashMap<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            documents.put("Policy" + i, document());
        }
        return documents;
    }

    ObjectNode statement(String effect) {
        ObjectNode statement = NODES.objectNode();
        statement.put("Sid", "S" + nextSid++);
        statement.put("Effect", effect);
        statement.set(random.nextInt(5) == 0 ? "NotAction" : "Action", someOf(ACTION_PATTERNS));
        statement.set(random.nextInt(7) == 0 ? "NotResource" : "Resource", someOf(RESOURCE_PATTERNS));
        int operators = random.nextInt(4);
        if (operators > 0) {
            ObjectNode condition = statement.putObject("Condition");
            for (int i = 0; i < operators; i++) {
                KeyVocabulary vocabulary = pick(KEYS);
                String operator = pick(vocabulary.operators());
                ObjectNode keys = condition.has(operator) ? (ObjectNode) condition.get(operator) : condition.putObject(operator);
                boolean alreadyThere = false;
                for (var names = keys.fieldNames(); names.hasNext(); ) {
                    alreadyThere |= names.next().equalsIgnoreCase(vocabulary.key());
                }
                if (!alreadyThere) {
                    // RAM takes one value for Bool.
                    keys.set(randomCase(vocabulary.key()), operator.equals("Bool") ? pick(vocabulary.policyValues())
                            : values(vocabulary.policyValues()));
                }
            }
        }
        return statement;
    }

    AccessRequest request() {
        Map<String, List<String>> context = new LinkedHashMap<>();
        for (KeyVocabulary vocabulary : KEYS) {
            if (random.nextInt(4) > 0) {
                List<String> values = new ArrayList<>();
                int count = random.nextInt(4);
                for (int i = 0; i < count; i++) {
                    values.add(pick(vocabulary.requestValues()));
                }
                context.put(randomCase(vocabulary.key()), values);
            }
        }
        return new AccessRequest(randomCase(pick(REQUEST_ACTIONS)), pick(REQUEST_RESOURCES), context);
    }

    /** The same request with its action and keys in another random case. */
    AccessRequest recased(AccessRequest request) {
        Map<String, List<String>> context = new LinkedHashMap<>();
        request.context().forEach((key, values) -> context.put(randomCase(key), values));
        return new AccessRequest(randomCase(request.action()), request.resource(), context);
    }

    private JsonNode someOf(List<String> patterns) {
        int count = 1 + random.nextInt(3);
        if (count == 1 && random.nextBoolean()) {
            return text(pick(patterns));
        }
        ArrayNode list = NODES.arrayNode();
        for (int i = 0; i < count; i++) {
            list.add(pick(patterns));
        }
        return list;
    }

    private JsonNode values(List<JsonNode> vocabulary) {
        int count = 1 + random.nextInt(3);
        if (count == 1 && random.nextBoolean()) {
            return pick(vocabulary);
        }
        ArrayNode list = NODES.arrayNode();
        for (int i = 0; i < count; i++) {
            list.add(pick(vocabulary));
        }
        return list;
    }

    String randomCase(String text) {
        StringBuilder recased = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            recased.append(random.nextInt(4) == 0
                    ? (Character.isUpperCase(ch) ? Character.toLowerCase(ch) : Character.toUpperCase(ch))
                    : ch);
        }
        return recased.toString();
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
