package io.tdeguard.policy;

import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The values of one {@code Action}, {@code NotAction}, {@code Resource} or {@code NotResource} element.
 * A positive element matches when any pattern matches; a {@code Not} element when none does.
 */
final class PatternSet {

    private final String elementName;
    private final boolean negated;
    /** As written in the document, for the canonical form. */
    private final List<String> texts;
    private final WildcardPattern[] patterns;
    /** A {@code *} matches every text: the set then matches every text, or none if negated. */
    private final boolean matchesEveryTextOrNone;
    /** Equal for pattern sets that match the same texts: see {@link ResultCache}. */
    private final String identity;
    private final int identityHash;

    /**
     * @param caseInsensitive fold patterns with {@link CaseFolding} (actions); the matched text must then be
     *                        folded too
     */
    PatternSet(String elementName, boolean negated, List<String> texts, boolean caseInsensitive) {
        this.elementName = elementName;
        this.negated = negated;
        this.texts = List.copyOf(texts);
        this.patterns = this.texts.stream()
                .map(text -> WildcardPattern.compile(caseInsensitive ? CaseFolding.fold(text) : text))
                .toArray(WildcardPattern[]::new);
        this.matchesEveryTextOrNone = Arrays.stream(patterns).anyMatch(WildcardPattern::matchesEverything);
        ArrayNode description = JsonNodeFactory.instance.arrayNode().add(elementName);
        for (WildcardPattern pattern : patterns) {
            description.add(pattern.text());
        }
        this.identity = ResultCache.identity(description);
        this.identityHash = identity.hashCode();
    }

    String elementName() {
        return elementName;
    }

    boolean negated() {
        return negated;
    }

    List<String> texts() {
        return texts;
    }

    WildcardPattern[] patterns() {
        return patterns.clone();
    }

    /** Whether the pattern set matches the text, which is the same for every statement of one decision. */
    boolean matches(String text, RequestView request) {
        if (matchesEveryTextOrNone) {
            return !negated;
        }
        Truth remembered = request.remembered(identity, identityHash);
        if (remembered != null) {
            return remembered == Truth.TRUE;
        }
        boolean matches = matchesAfresh(text);
        request.remember(identity, identityHash, matches ? Truth.TRUE : Truth.FALSE);
        return matches;
    }

    private boolean matchesAfresh(String text) {
        for (WildcardPattern pattern : patterns) {
            if (pattern.matches(text)) {
                return !negated;
            }
        }
        return negated;
    }
}
