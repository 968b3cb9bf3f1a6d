package io.tdeguard.policy;

import java.util.List;

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

    boolean matches(String text) {
        for (WildcardPattern pattern : patterns) {
            if (pattern.matches(text)) {
                return !negated;
            }
        }
        return negated;
    }
}
