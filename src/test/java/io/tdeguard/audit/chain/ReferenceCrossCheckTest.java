package io.tdeguard.audit.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.tdeguard.json.CanonicalJson;
import io.tdeguard.json.RandomValues;

/**
 * Cross-checks {@link ChainVerifier} against {@link ReferenceVerifier} on seeded random logs with random mutations
 * and random starting points. A failure names its seed and mutations; {@code -Dchain.seed=N} moves the seeds.
 */
class ReferenceCrossCheckTest {

    private static final long BASE_SEED = Long.getLong("chain.seed", 20261128L);
    private static final int RUNS = 3000;

    @Test
    void agreesWithTheReferenceImplementationOnRandomLogsAndMutations() {
        List<String> failures = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int run = 0; run < RUNS; run++) {
            long seed = BASE_SEED + run;
            Random random = new Random(seed);
            List<ChainEntry> chain = randomChain(random, random.nextInt(31));

            // a range: the whole chain, or a later part of it with the stored hash before it
            int skipped = random.nextInt(4) == 0 ? random.nextInt(chain.size() + 1) : 0;
            long firstSeq = skipped + 1;
            String prevHash = skipped == 0 ? ChainHash.GENESIS : chain.get(skipped - 1).hash();
            List<ChainEntry> range = chain.subList(skipped, chain.size());

            List<LogMutation> mutations = new ArrayList<>();
            int count = random.nextInt(4);
            for (int i = 0; i < count && !range.isEmpty(); i++) {
                LogMutation mutation = randomMutation(random, range, firstSeq);
                mutations.add(mutation);
                range = mutation.apply(range);
            }
            if (random.nextInt(10) == 0) {
                prevHash = random.nextBoolean() ? randomHash(random) : ChainHash.GENESIS;
            }
            if (random.nextInt(20) == 0) {
                firstSeq = Math.max(1, firstSeq + (random.nextBoolean() ? 1 : -1));
            }

            VerificationResult expected = ReferenceVerifier.verify(firstSeq, prevHash, range);
            VerificationResult actual = ChainVerifier.verify(firstSeq, prevHash, range);
            if (!expected.equals(actual)) {
                failures.add("seed " + seed + ", from seq " + firstSeq + ", mutations " + mutations
                        + ": reference " + expected + ", verifier " + actual);
            }
            outcomes.merge(actual.verified() ? "verified" : actual.breakReason().getClass().getSimpleName(), 1,
                    Integer::sum);
        }
        assertEquals(List.of(), failures);

        // the generator must reach every outcome, or the cross-check proves less than it seems to
        Set<String> expectedOutcomes = Arrays.stream(ChainBreak.class.getPermittedSubclasses())
                .map(Class::getSimpleName).collect(Collectors.toCollection(TreeSet::new));
        expectedOutcomes.add("verified");
        assertEquals(expectedOutcomes, outcomes.keySet(), "outcomes reached: " + outcomes);
    }

    private static List<ChainEntry> randomChain(Random random, int length) {
        List<ChainEntry> chain = new ArrayList<>();
        long seq = 0;
        String hash = ChainHash.GENESIS;
        for (int i = 0; i < length; i++) {
            ChainEntry entry = ChainAppender.append(seq, hash, RandomValues.event(random));
            chain.add(entry);
            seq = entry.seq();
            hash = entry.hash();
        }
        return chain;
    }

    private static LogMutation randomMutation(Random random, List<ChainEntry> log, long firstSeq) {
        int index = random.nextInt(log.size());
        ChainEntry target = log.get(index);
        long seq = target.seq();
        boolean firstWithItsSeq = log.stream().filter(e -> e.seq() == seq).findFirst().orElseThrow() == target;
        String json = target.canonicalEventJson();
        return switch (random.nextInt(14)) {
            case 0 -> json.isEmpty() ? new LogMutation.Reverse()
                    : new LogMutation.FlipBit(seq, random.nextInt(json.length()), random.nextInt(16));
            case 1 -> new LogMutation.AppendToJson(seq, List.of("\n", " ", "x", "}", "\ud800").get(random.nextInt(5)));
            case 2 -> new LogMutation.ReplaceJson(seq, CanonicalJson.write(RandomValues.event(random)));
            case 3 -> new LogMutation.SetHash(seq, someHash(random, log, target));
            case 4 -> new LogMutation.SetPrevHash(seq, someHash(random, log, target));
            case 5 -> new LogMutation.SetSeq(seq, firstSeq - 2 + random.nextInt(log.size() + 5));
            case 6 -> new LogMutation.Remove(seq);
            case 7 -> firstWithItsSeq && index + 1 < log.size() ? new LogMutation.Swap(seq)
                    : new LogMutation.Duplicate(seq);
            case 8 -> new LogMutation.Duplicate(seq);
            case 9 -> new LogMutation.Truncate(random.nextInt(log.size() + 1));
            case 10 -> new LogMutation.Renumber(firstSeq);
            case 11 -> new LogMutation.RehashFrom(seq);
            case 12 -> new LogMutation.Reverse();
            default -> {
                ChainEntry last = log.get(log.size() - 1);
                String prevHash = random.nextBoolean() ? last.hash() : randomHash(random);
                String appendedJson = CanonicalJson.write(RandomValues.event(random));
                String hash = random.nextBoolean() ? ChainHash.link(prevHash, appendedJson) : randomHash(random);
                yield new LogMutation.Append(new ChainEntry(last.seq() + 1, appendedJson, prevHash, hash));
            }
        };
    }

    /** Another entry's hash, the target's own in uppercase, the genesis hash, or random hex. */
    private static String someHash(Random random, List<ChainEntry> log, ChainEntry target) {
        return switch (random.nextInt(4)) {
            case 0 -> log.get(random.nextInt(log.size())).hash();
            case 1 -> target.hash().toUpperCase();
            case 2 -> ChainHash.GENESIS;
            default -> randomHash(random);
        };
    }

    private static String randomHash(Random random) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString();
    }
}
