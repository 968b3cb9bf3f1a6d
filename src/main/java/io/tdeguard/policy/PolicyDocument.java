package io.tdeguard.policy;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A validated, compiled RAM policy document (Version "1"). Immutable; parse once, evaluate many times.
 *
 * <p>{@link #parse(String)} either accepts the whole document or refuses it with every error found; it
 * never half-accepts. {@link #toJson()} gives the canonical form: no whitespace, elements in a fixed order
 * ({@code Sid}, {@code Effect}, action element, resource element, {@code Condition}), condition operators in
 * the order of this package's operator list and keys sorted, a list of one written as its element. Parsing
 * the canonical form gives a document that decides every request identically.
 */
public final class PolicyDocument {

    /** The only policy language version. */
    public static final String VERSION = "1";

    /** RAM's limit for a custom policy document, counted in characters without whitespace. */
    public static final int MAX_DOCUMENT_LENGTH = 6144;

    /** Text longer than this, whitespace included, is refused without being parsed. */
    public static final int MAX_INPUT_LENGTH = 65_536;

    /** At most this many statements in one document. */
    public static final int MAX_STATEMENTS = 100;

    private final List<Statement> statements;
    private final String canonicalJson;

    private PolicyDocument(List<Statement> statements) {
        this.statements = List.copyOf(statements);
        this.canonicalJson = canonicalJson(this.statements);
    }

    /**
     * Parses and validates a policy document.
     *
     * @throws InvalidPolicyException listing every problem, each with its JSON path
     */
    public static PolicyDocument parse(String json) throws InvalidPolicyException {
        Objects.requireNonNull(json, "json");
        return new PolicyDocument(PolicyParser.parse(json));
    }

    /** The canonical JSON form; {@code parse(toJson())} decides every request as this document does. */
    public String toJson() {
        return canonicalJson;
    }

    public int statementCount() {
        return statements.size();
    }

    /** The compiled statements, in document order (their index is their position here). */
    List<Statement> statements() {
        return statements;
    }

    private static String canonicalJson(List<Statement> statements) {
        JsonNodeFactory nodes = PolicyParser.JSON.getNodeFactory();
        ObjectNode document = nodes.objectNode();
        document.put("Version", VERSION);
        ArrayNode list = document.putArray("Statement");
        for (Statement statement : statements) {
            list.add(statement.toJson(nodes));
        }
        try {
            return PolicyParser.JSON.writeValueAsString(document);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("a JSON tree could not be written", impossible);
        }
    }

    /** Documents are equal when their canonical forms are. */
    @Override
    public boolean equals(Object other) {
        return other instanceof PolicyDocument document && canonicalJson.equals(document.canonicalJson);
    }

    @Override
    public int hashCode() {
        return canonicalJson.hashCode();
    }

    @Override
    public String toString() {
        return canonicalJson;
    }
}
