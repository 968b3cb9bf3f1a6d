package io.tdeguard.audit.chain;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Negative vectors: each file in {@code audit/chain/mutations/} mutates the valid log and states what verification
 * must find. A file holds {@code description}; {@code mutations}, applied in order (see {@link LogMutation});
 * optional {@code verifyFrom} ({@code expectedFirstSeq}, {@code expectedPrevHash}; default 1 and genesis); and
 * {@code expected}: {@code verified}, {@code checkedEvents}, {@code firstBrokenSeq}, {@code break} (the simple
 * name of the {@link ChainBreak} record, or null).
 */
class MutationVectorsTest {

    private static final ValidLog VALID_LOG = ValidLog.load();

    static Stream<Arguments> mutationFiles() throws IOException, URISyntaxException {
        Path directory = Path.of(MutationVectorsTest.class.getResource("/audit/chain/mutations").toURI());
        try (Stream<Path> files = Files.list(directory)) {
            List<Arguments> cases = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                cases.add(Arguments.of(file.getFileName().toString().replace(".json", ""),
                        ValidLog.JSON.readTree(file.toFile())));
            }
            return cases.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutationFiles")
    void findsExactlyTheExpectedBreak(String name, JsonNode vector) {
        List<ChainEntry> mutated = mutate(VALID_LOG.entries, vector.get("mutations"));
        JsonNode from = vector.path("verifyFrom");
        long firstSeq = from.path("expectedFirstSeq").asLong(1);
        String prevHash = from.path("expectedPrevHash").asText(ChainHash.GENESIS);
        JsonNode expected = vector.get("expected");
        Long expectedBrokenSeq = expected.get("firstBrokenSeq").isNull() ? null
                : expected.get("firstBrokenSeq").asLong();
        String expectedBreak = expected.get("break").isNull() ? null : expected.get("break").asText();

        VerificationResult result = ChainVerifier.verify(firstSeq, prevHash, mutated);

        boolean changesSomething = !mutated.equals(VALID_LOG.entries) || firstSeq != 1
                || !prevHash.equals(ChainHash.GENESIS);
        assertAll(vector.get("description").asText(),
                () -> assertTrue(changesSomething, "the vector mutates nothing"),
                () -> assertEquals(expected.get("verified").asBoolean(), result.verified(), "verified"),
                () -> assertEquals(expected.get("checkedEvents").asLong(), result.checkedEvents(), "checkedEvents"),
                () -> assertEquals(expectedBrokenSeq, result.firstBrokenSeq(), "firstBrokenSeq"),
                () -> assertEquals(expectedBreak,
                        result.breakReason() == null ? null : result.breakReason().getClass().getSimpleName(), "break"),
                () -> assertEquals(result.checkedEvents() == 0 ? prevHash
                        : mutated.get((int) result.checkedEvents() - 1).hash(), result.headHash(), "headHash"),
                () -> assertEquals(ReferenceVerifier.verify(firstSeq, prevHash, mutated), result,
                        "the reference verifier's result"),
                () -> {
                    if (result.breakReason() != null) {
                        String message = result.breakReason().message();
                        assertTrue(Character.isLowerCase(message.charAt(0)) && !message.endsWith("."),
                                "message starts lowercase and has no trailing period: " + message);
                    }
                });
    }

    private static List<ChainEntry> mutate(List<ChainEntry> log, JsonNode mutations) {
        List<ChainEntry> result = log;
        for (JsonNode mutation : mutations) {
            result = LogMutation.fromJson(mutation).apply(result);
        }
        return result;
    }

    @Test
    void everyKindOfBreakHasAVector() throws IOException, URISyntaxException {
        Set<String> covered = mutationFiles().map(arguments -> ((JsonNode) arguments.get()[1]).get("expected"))
                .filter(expected -> !expected.get("break").isNull())
                .map(expected -> expected.get("break").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> kinds = Arrays.stream(ChainBreak.class.getPermittedSubclasses()).map(Class::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(kinds, covered);
    }

    @Test
    void theValidLogItselfVerifies() {
        assertFalse(VALID_LOG.entries.isEmpty());
        assertEquals(ReferenceVerifier.verify(1, ChainHash.GENESIS, VALID_LOG.entries),
                ChainVerifier.verify(1, ChainHash.GENESIS, VALID_LOG.entries));
        assertTrue(ChainVerifier.verify(1, ChainHash.GENESIS, VALID_LOG.entries).verified());
    }
}
