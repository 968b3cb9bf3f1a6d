package io.tdeguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class PolicyDocumentLimitsTest {

    private static final String STATEMENT = "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}";

    /** A compact document of exactly {@code length} characters: one statement with a Sid padded to fit. */
    private static String documentOfLength(int length) {
        String empty = "{\"Version\":\"1\",\"Statement\":[{\"Sid\":\"\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
        return empty.replace("\"Sid\":\"\"", "\"Sid\":\"" + "x".repeat(length - empty.length()) + "\"");
    }

    private static String documentWithStatements(int count) {
        return "{\"Version\":\"1\",\"Statement\":[" + String.join(",", java.util.Collections.nCopies(count, STATEMENT)) + "]}";
    }

    @Test
    void acceptsADocumentOfExactlyTheMaximumLength() throws InvalidPolicyException {
        String json = documentOfLength(PolicyDocument.MAX_DOCUMENT_LENGTH);
        assertEquals(PolicyDocument.MAX_DOCUMENT_LENGTH, json.length());

        PolicyDocument document = PolicyDocument.parse(json);

        assertEquals(json, document.toJson());
    }

    @Test
    void refusesADocumentOneCharacterLonger() {
        InvalidPolicyException refused = assertThrows(InvalidPolicyException.class,
                () -> PolicyDocument.parse(documentOfLength(PolicyDocument.MAX_DOCUMENT_LENGTH + 1)));

        assertEquals(List.of(new PolicyError("", "document too long: 6145 characters without whitespace, the limit is 6144")),
                refused.errors());
        assertEquals("document too long: 6145 characters without whitespace, the limit is 6144", refused.getMessage());
    }

    @Test
    void doesNotCountWhitespace() throws InvalidPolicyException {
        String compact = documentOfLength(PolicyDocument.MAX_DOCUMENT_LENGTH);
        String pretty = compact.replace(",", ",\n    ").replace(":", ": ");

        PolicyDocument.parse(pretty);
    }

    @Test
    void countsCharactersNotUtf16Units() throws InvalidPolicyException {
        String json = documentOfLength(PolicyDocument.MAX_DOCUMENT_LENGTH - 10).replace("\"Sid\":\"", "\"Sid\":\"" + "\uD83D\uDD11".repeat(10));

        PolicyDocument.parse(json);
    }

    @Test
    void reportsTheLengthBesideOtherErrors() {
        String json = documentOfLength(PolicyDocument.MAX_DOCUMENT_LENGTH + 1).replace("\"Effect\":\"Allow\"", "\"Effect\":\"allow\"");

        InvalidPolicyException refused = assertThrows(InvalidPolicyException.class, () -> PolicyDocument.parse(json));

        assertEquals(2, refused.errors().size(), refused.errors().toString());
        assertEquals("Statement[0].Effect", refused.errors().get(1).path());
    }

    @Test
    void refusesHugeInputWithoutParsingIt() {
        String json = " ".repeat(PolicyDocument.MAX_INPUT_LENGTH) + documentWithStatements(1);

        InvalidPolicyException refused = assertThrows(InvalidPolicyException.class, () -> PolicyDocument.parse(json));

        assertEquals("document too long: 65612 characters, the limit is 65536 even with whitespace", refused.getMessage());
    }

    @Test
    void acceptsTheMaximumNumberOfStatements() throws InvalidPolicyException {
        assertEquals(PolicyDocument.MAX_STATEMENTS, PolicyDocument.parse(documentWithStatements(PolicyDocument.MAX_STATEMENTS)).statementCount());
    }

    @Test
    void refusesOneStatementMore() {
        InvalidPolicyException refused = assertThrows(InvalidPolicyException.class,
                () -> PolicyDocument.parse(documentWithStatements(PolicyDocument.MAX_STATEMENTS + 1)));

        assertEquals(List.of(new PolicyError("Statement", "too many statements: 101, the limit is 100")), refused.errors());
    }
}
