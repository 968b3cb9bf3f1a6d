package io.tdeguard.application.identity;

import java.util.Map;

import io.tdeguard.api.ApiException;
import io.tdeguard.policy.InvalidPolicyException;
import io.tdeguard.policy.PolicyDocument;

/** Parses a policy document a caller sent, refusing an invalid one with every error's JSON path and reason. */
final class InvalidPolicyDocuments {

    private InvalidPolicyDocuments() {
    }

    /** @param parameter where the document came from, such as {@code PolicyDocument} or {@code PolicyDocuments[1]} */
    static PolicyDocument parse(String parameter, String document) {
        if (document == null || document.isEmpty()) {
            throw ApiException.missingParameter(parameter);
        }
        try {
            return PolicyDocument.parse(document);
        } catch (InvalidPolicyException e) {
            throw new ApiException("InvalidPolicyDocument", 400, parameter + " is not a valid policy document: "
                    + e.getMessage(), "fix the element that each of PolicyErrors names, then send the document again",
                    Map.of("PolicyErrors", e.errors().stream()
                            .map(error -> Map.of("Path", error.path(), "Reason", error.reason())).toList()));
        }
    }
}
