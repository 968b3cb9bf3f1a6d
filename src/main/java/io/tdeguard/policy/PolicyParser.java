package io.tdeguard.policy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.tdeguard.policy.ConditionOperator.Family;

/**
 * Reads a policy document's JSON and validates every part of it, collecting all errors (each with its JSON
 * path) rather than stopping at the first, and compiles the statements of a valid document. One instance per
 * document.
 */
final class PolicyParser {

    /**
     * Jackson's tree model: no data binding, nothing reflective. Duplicate keys are refused (a second
     * {@code Effect} must not silently win), so is anything after the document, and decimals stay exact.
     */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private static final List<String> DOCUMENT_ELEMENTS = List.of("Version", "Statement");
    private static final List<String> STATEMENT_ELEMENTS =
            List.of("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition");

    /** Canonical order of conditions: by operator (declaration order), then by key. */
    private static final Comparator<ConditionClause> CANONICAL_CONDITION_ORDER =
            Comparator.comparing(ConditionClause::operator)
                    .thenComparing(ConditionClause::key, CaseFolding.ORDER);

    private final List<PolicyError> errors = new ArrayList<>();

    private PolicyParser() {
    }

    /** The document's statements, in document order, or every reason it is refused. */
    static List<Statement> parse(String json) throws InvalidPolicyException {
        int inputLength = json.codePointCount(0, json.length());
        if (inputLength > PolicyDocument.MAX_INPUT_LENGTH) {
            throw new InvalidPolicyException(List.of(new PolicyError("", "document too long: " + inputLength
                    + " characters, the limit is " + PolicyDocument.MAX_INPUT_LENGTH + " even with whitespace")));
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidPolicyException(List.of(jsonError(e)));
        }
        PolicyParser parser = new PolicyParser();
        List<Statement> statements = parser.document(root);
        if (!parser.errors.isEmpty()) {
            throw new InvalidPolicyException(parser.errors);
        }
        return statements;
    }

    private static PolicyError jsonError(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message.startsWith("Duplicate field ") && e.getProcessor() instanceof JsonParser parser) {
            String name = parser.getParsingContext().getCurrentName();
            return new PolicyError(path(parser.getParsingContext()), "duplicate key " + Quoting.quote(name));
        }
        if (message.startsWith("Trailing token")) {
            message = "content after the end of the document";
        }
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        // Jackson may name a second position as "[Source: ...; line: 1, column: 31]": keep only the position
        String firstLine = message.lines().findFirst().orElse("")
                .replaceAll("\\[Source: .*?; (line: \\d+, column: \\d+)]", "$1");
        String detail = firstLine.isEmpty() ? ""
                : ": " + Character.toLowerCase(firstLine.charAt(0)) + firstLine.substring(1);
        return new PolicyError("", "invalid JSON" + where + detail);
    }

    /** {@code Statement[0].Effect} for Jackson's {@code /Statement/0/Effect}. */
    private static String path(JsonStreamContext context) {
        if (context == null || context.inRoot()) {
            return "";
        }
        String parent = path(context.getParent());
        if (context.inArray()) {
            return parent + "[" + context.getCurrentIndex() + "]";
        }
        return child(parent, context.getCurrentName());
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String item(String path, int index) {
        return path + "[" + index + "]";
    }

    private void error(String path, String reason) {
        errors.add(new PolicyError(path, reason));
    }

    // ---- document and statements

    private List<Statement> document(JsonNode root) {
        if (root == null || root.isMissingNode()) {
            error("", "empty document: expected a policy document object");
            return List.of();
        }
        if (!root.isObject()) {
            error("", "expected a policy document object, got " + describe(root));
            return List.of();
        }
        // the size is counted without whitespace, as the canonical form has none and is never longer
        String compact = root.toString();
        int length = compact.codePointCount(0, compact.length());
        if (length > PolicyDocument.MAX_DOCUMENT_LENGTH) {
            error("", "document too long: " + length + " characters without whitespace, the limit is "
                    + PolicyDocument.MAX_DOCUMENT_LENGTH);
        }
        List<Statement> statements = List.of();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            switch (name) {
                case "Version" -> version(value);
                case "Statement" -> statements = statements(value);
                default -> unknownElement("", name, DOCUMENT_ELEMENTS);
            }
        }
        requireElement(root, "", "Version");
        requireElement(root, "", "Statement");
        return statements;
    }

    private void version(JsonNode value) {
        if (!value.isTextual()) {
            error("Version", "expected the string \"" + PolicyDocument.VERSION + "\", got " + describe(value));
        } else if (!PolicyDocument.VERSION.equals(value.textValue())) {
            error("Version", "unsupported version " + Quoting.quote(value.textValue()) + ": expected \""
                    + PolicyDocument.VERSION + "\"");
        }
    }

    private List<Statement> statements(JsonNode value) {
        String path = "Statement";
        if (!value.isArray()) {
            error(path, "expected a list of statements, got " + describe(value));
            return List.of();
        }
        if (value.isEmpty()) {
            error(path, "empty list: a policy has at least one statement");
        }
        if (value.size() > PolicyDocument.MAX_STATEMENTS) {
            error(path, "too many statements: " + value.size() + ", the limit is " + PolicyDocument.MAX_STATEMENTS);
        }
        List<Statement> statements = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            statements.add(statement(value.get(i), item(path, i)));
        }
        return statements;
    }

    /** The compiled statement, or {@code null} when it has errors. */
    private Statement statement(JsonNode node, String path) {
        if (!node.isObject()) {
            error(path, "expected a statement object, got " + describe(node));
            return null;
        }
        int errorsBefore = errors.size();
        String sid = null;
        Effect effect = null;
        PatternSet actions = null;
        PatternSet resources = null;
        List<ConditionClause> conditions = List.of();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            String fieldPath = child(path, name);
            switch (name) {
                case "Sid" -> sid = sid(value, fieldPath);
                case "Effect" -> effect = effect(value, fieldPath);
                case "Action", "NotAction" -> actions = patterns(name, value, fieldPath, PolicyParser::actionProblem, true);
                case "Resource", "NotResource" ->
                        resources = patterns(name, value, fieldPath, PolicyParser::resourceProblem, false);
                case "Condition" -> conditions = conditions(value, fieldPath);
                default -> unknownElement(path, name, STATEMENT_ELEMENTS);
            }
        }
        requireElement(node, path, "Effect");
        requireOneOf(node, path, "Action", "NotAction");
        requireOneOf(node, path, "Resource", "NotResource");
        if (errors.size() > errorsBefore) {
            return null;
        }
        return new Statement(effect, sid, actions, resources, conditions);
    }

    private String sid(JsonNode value, String path) {
        if (!value.isTextual()) {
            error(path, "expected a string, got " + describe(value));
            return null;
        }
        if (value.textValue().isEmpty()) {
            error(path, "empty Sid: name the statement or leave the Sid out");
        }
        return value.textValue();
    }

    private Effect effect(JsonNode value, String path) {
        if (!value.isTextual()) {
            error(path, "expected \"Allow\" or \"Deny\", got " + describe(value));
            return null;
        }
        Effect effect = Effect.fromWireName(value.textValue());
        if (effect == null) {
            error(path, "invalid effect " + Quoting.quote(value.textValue())
                    + ": expected \"Allow\" or \"Deny\", which are case-sensitive");
        }
        return effect;
    }

    // ---- Action, NotAction, Resource, NotResource

    /** Checks one pattern and returns why it is invalid, or {@code null}. */
    @FunctionalInterface
    private interface PatternCheck {
        String problem(String pattern);
    }

    private PatternSet patterns(String name, JsonNode value, String path, PatternCheck check, boolean caseInsensitive) {
        List<String> texts = new ArrayList<>();
        String expected = "a string or a list of strings";
        forEachValue(value, path, expected, (item) -> {
            if (!item.node().isTextual()) {
                error(item.path(), "expected " + (item.inList() ? "a string" : expected) + ", got " + describe(item.node()));
                return;
            }
            String problem = check.problem(item.node().textValue());
            if (problem != null) {
                error(item.path(), problem);
            }
            texts.add(item.node().textValue());
        });
        return new PatternSet(name, name.startsWith("Not"), texts, caseInsensitive);
    }

    /** An action is {@code *} or {@code service:Name}, each part letters, digits, {@code -_.} and wildcards. */
    static String actionProblem(String action) {
        if (action.isEmpty()) {
            return "empty action";
        }
        if (action.equals("*")) {
            return null;
        }
        int colon = action.indexOf(':');
        boolean wellFormed = colon > 0 && colon < action.length() - 1 && action.indexOf(':', colon + 1) < 0
                && action.chars().allMatch(ch -> ch == ':' || isActionCharacter(ch));
        return wellFormed ? null : "invalid action " + Quoting.quote(action)
                + ": expected \"service:Name\" (such as \"kvstore:ModifyInstanceTDE\") or \"*\"";
    }

    private static boolean isActionCharacter(int ch) {
        return ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9'
                || ch == '-' || ch == '_' || ch == '.' || ch == '*' || ch == '?';
    }

    /** A resource is {@code *} or an ARN {@code acs:service:region:account:relative-id}. */
    static String resourceProblem(String resource) {
        if (resource.isEmpty()) {
            return "empty resource";
        }
        if (resource.equals("*")) {
            return null;
        }
        int colons = (int) resource.chars().filter(ch -> ch == ':').count();
        boolean wellFormed = resource.startsWith("acs:") && colons >= 4;
        return wellFormed ? null : "invalid resource " + Quoting.quote(resource)
                + ": expected \"*\" or an ARN \"acs:service:region:account:resource\"";
    }

    // ---- Condition

    private List<ConditionClause> conditions(JsonNode value, String path) {
        if (!value.isObject()) {
            error(path, "expected an object of condition operators, got " + describe(value));
            return List.of();
        }
        if (value.isEmpty()) {
            error(path, "empty condition: name an operator or leave the Condition out");
        }
        List<ConditionClause> clauses = new ArrayList<>();
        for (Map.Entry<String, JsonNode> operatorField : value.properties()) {
            String operatorPath = child(path, operatorField.getKey());
            ConditionOperator operator = ConditionOperator.fromWireName(operatorField.getKey());
            if (operator == null) {
                unknownOperator(operatorPath, operatorField.getKey());
            } else {
                conditionKeys(operator, operatorField.getValue(), operatorPath, clauses);
            }
        }
        clauses.sort(CANONICAL_CONDITION_ORDER);
        return clauses;
    }

    private void unknownOperator(String path, String name) {
        ConditionOperator otherCase = ConditionOperator.fromWireNameIgnoringCase(name);
        error(path, "unknown condition operator " + Quoting.quote(name) + (otherCase == null ? ""
                : ": operator names are case-sensitive, did you mean " + Quoting.quote(otherCase.wireName())));
    }

    private void conditionKeys(ConditionOperator operator, JsonNode value, String path, List<ConditionClause> into) {
        if (!value.isObject()) {
            error(path, "expected an object of condition keys, got " + describe(value));
            return;
        }
        if (value.isEmpty()) {
            error(path, "empty operator: name at least one condition key");
        }
        Map<String, String> seenKeys = new TreeMap<>(CaseFolding.ORDER);
        for (Map.Entry<String, JsonNode> keyField : value.properties()) {
            String key = keyField.getKey();
            String keyPath = child(path, key);
            String keyProblem = conditionKeyProblem(key);
            if (keyProblem != null) {
                error(keyPath, keyProblem);
            }
            String earlier = seenKeys.putIfAbsent(key, key);
            if (earlier != null) {
                error(keyPath, "duplicate condition key " + Quoting.quote(key) + ": keys are case-insensitive and "
                        + Quoting.quote(earlier) + " is already given");
            }
            ConditionClause clause = conditionValues(operator, key, keyField.getValue(), keyPath);
            if (keyProblem == null && earlier == null && clause != null) {
                into.add(clause);
            }
        }
    }

    /** A condition key is {@code prefix:name}, such as {@code acs:SourceIp}, without spaces or wildcards. */
    static String conditionKeyProblem(String key) {
        int colon = key.indexOf(':');
        boolean wellFormed = colon > 0 && colon < key.length() - 1
                && key.codePoints().noneMatch(ch -> Character.isWhitespace(ch) || Character.isISOControl(ch)
                        || ch == '*' || ch == '?');
        return wellFormed ? null : "invalid condition key " + Quoting.quote(key)
                + ": expected \"prefix:Name\", such as \"acs:SourceIp\"";
    }

    /** The compiled clause, or {@code null} when a value is invalid (each invalid value is reported). */
    private ConditionClause conditionValues(ConditionOperator operator, String key, JsonNode value, String path) {
        if (operator.family() == Family.BOOLEAN && value.isArray() && value.size() > 1) {
            // RAM refuses it: with both values a Deny would apply to every request that carries the key at all.
            error(path, "Bool takes one value, got a list of " + value.size());
            return null;
        }
        List<JsonNode> sources = new ArrayList<>();
        List<Object> compiled = new ArrayList<>();
        int errorsBefore = errors.size();
        forEachValue(value, path, "a string, number or boolean, or a list of them", (item) -> {
            JsonNode node = item.node();
            if (!node.isValueNode() || node.isNull()) {
                error(item.path(), "expected a string, number or boolean, got " + describe(node));
                return;
            }
            try {
                compiled.add(policyValue(operator.family(), node));
                sources.add(node);
            } catch (ValueFormatException invalid) {
                error(item.path(), invalid.getMessage());
            }
        });
        if (errors.size() > errorsBefore) {
            return null;
        }
        return new ConditionClause(operator, key, sources, compile(operator, compiled));
    }

    /** Reads one policy value for an operator family: a String, BigDecimal, Instant, Boolean or IpBlock. */
    private static Object policyValue(Family family, JsonNode node) throws ValueFormatException {
        return switch (family) {
            case STRING, STRING_IGNORE_CASE, STRING_PATTERN -> {
                if (node.isNumber() && !node.isIntegralNumber()) {
                    throw new ValueFormatException("expected a string, got the number " + node.asText()
                            + ": quote it to compare it as text");
                }
                yield node.asText();
            }
            case NUMERIC -> {
                if (node.isNumber()) {
                    yield node.decimalValue();
                }
                if (node.isTextual()) {
                    yield NumericValues.parse(node.textValue());
                }
                throw new ValueFormatException("expected a number, got " + describe(node));
            }
            case DATE -> {
                if (node.isIntegralNumber()) {
                    BigInteger seconds = node.bigIntegerValue();
                    if (seconds.signum() < 0 || seconds.compareTo(BigInteger.valueOf(DateValues.MAX_EPOCH_SECONDS)) > 0) {
                        throw new ValueFormatException("invalid date " + node.asText()
                                + ": epoch seconds from 0 to " + DateValues.MAX_EPOCH_SECONDS);
                    }
                    yield Instant.ofEpochSecond(seconds.longValue());
                }
                if (node.isTextual()) {
                    yield DateValues.parse(node.textValue());
                }
                throw new ValueFormatException("expected a date, got " + describe(node));
            }
            case BOOLEAN -> {
                if (node.isBoolean()) {
                    yield node.booleanValue();
                }
                if (node.isTextual()) {
                    yield BooleanValues.parse(node.textValue());
                }
                throw new ValueFormatException("expected true or false, got " + describe(node));
            }
            case IP -> {
                if (node.isTextual()) {
                    yield IpBlock.parse(node.textValue());
                }
                throw new ValueFormatException("expected an IP address or CIDR block as a string, got " + describe(node));
            }
        };
    }

    private static ConditionValues compile(ConditionOperator operator, List<Object> values) {
        return switch (operator.family()) {
            case STRING -> new ConditionValues.ExactTexts(values.toArray(String[]::new));
            case STRING_IGNORE_CASE -> new ConditionValues.FoldedTexts(values.toArray(String[]::new));
            case STRING_PATTERN -> new ConditionValues.TextPatterns(values.toArray(String[]::new));
            case NUMERIC -> new ConditionValues.Numbers(values.toArray(BigDecimal[]::new), operator.comparison());
            case DATE -> new ConditionValues.Dates(values.toArray(Instant[]::new), operator.comparison());
            case BOOLEAN -> {
                boolean[] booleans = new boolean[values.size()];
                for (int i = 0; i < booleans.length; i++) {
                    booleans[i] = (Boolean) values.get(i);
                }
                yield new ConditionValues.Booleans(booleans);
            }
            case IP -> new ConditionValues.IpBlocks(values.toArray(IpBlock[]::new));
        };
    }

    // ---- shared checks

    private record Item(JsonNode node, String path, boolean inList) {
    }

    /**
     * Visits a single value, or each value of a non-empty list (with {@code [i]} in its path). A list inside
     * the list, or an object in place of the value, is left to the visitor to refuse.
     */
    private void forEachValue(JsonNode value, String path, String expected, Consumer<Item> visitor) {
        if (value.isArray()) {
            if (value.isEmpty()) {
                error(path, "empty list: expected " + expected);
            }
            for (int i = 0; i < value.size(); i++) {
                visitor.accept(new Item(value.get(i), item(path, i), true));
            }
        } else if (value.isObject() || value.isNull()) {
            error(path, "expected " + expected + ", got " + describe(value));
        } else {
            visitor.accept(new Item(value, path, false));
        }
    }

    private void unknownElement(String path, String name, List<String> known) {
        String otherCase = known.stream().filter(name::equalsIgnoreCase).findFirst().orElse(null);
        String reason = otherCase != null
                ? "unknown element " + Quoting.quote(name) + ": element names are case-sensitive, did you mean "
                        + Quoting.quote(otherCase)
                : "unknown element " + Quoting.quote(name) + ": expected one of " + String.join(", ", known);
        error(child(path, name), reason);
    }

    private void requireElement(JsonNode object, String path, String name) {
        if (!object.has(name)) {
            error(path, "missing element " + Quoting.quote(name));
        }
    }

    private void requireOneOf(JsonNode object, String path, String name, String negatedName) {
        if (object.has(name) && object.has(negatedName)) {
            error(path, Quoting.quote(name) + " and " + Quoting.quote(negatedName) + " exclude each other: give one");
        } else if (!object.has(name) && !object.has(negatedName)) {
            error(path, "missing element " + Quoting.quote(name) + " or " + Quoting.quote(negatedName));
        }
    }

    /** What a JSON value is, for "expected ..., got ..." messages. */
    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "the string " + Quoting.quote(node.textValue());
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> node.booleanValue() ? "true" : "false";
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
