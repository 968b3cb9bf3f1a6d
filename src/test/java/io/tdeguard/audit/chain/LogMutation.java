package io.tdeguard.audit.chain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One change an attacker (or an accident) makes to a stored log. Entries are found by their seq (the first entry
 * holding it), as a tamperer working on the table would find rows.
 */
sealed interface LogMutation {

    List<ChainEntry> apply(List<ChainEntry> log);

    /** Flips one bit of one UTF-16 char of the entry's JSON. */
    record FlipBit(long seq, int charIndex, int bit) implements LogMutation {
        @Override
        public List<ChainEntry> apply(List<ChainEntry> log) {
            return replace(log, seq, e -> {
                char[] chars = e.canonicalEventJson().toCharArray();
                chars[charIndex] ^= (char) (1 << bit);
                return withJson(e, new String(chars));
            });
        }
    }

    /** Appends text after the entry's JSON (trailing garbage). */
    record AppendToJson(long seq, String text) implements LogMutation {
        @Override
        public List<ChainEntry> apply(List<ChainEntry> log) {
            return replace(log, seq, e -> withJson(e, e.canonicalEventJson() + text));
        }
    }

    /** Replaces the entry's JSON, keeping its stored hashes. */
    record ReplaceJson(long seq, String json) implements LogMutation {
        @Override
        public List<ChainEntry> apply(List<ChainEntry> log) {
            return replace(log, seq, e -> withJson(e, json));
        }
    }

    record SetHash(long seq, String hash) implements LogMutation {
        @Override
        public List<ChainEntry> apply(List<ChainEntry> log) {
            return replace(log, seq, e -> new ChainEntry(e.seq(), e.canonicalEventJson(), e.prevHash(), hash));
        }
    }

    record SetPrevHash(long seq, String prevHash) implements LogMutation {
        @Override
        public List<ChainEntry> apply(List<ChainEntry> log) {
            return replace(log, seq, e -> new ChainEntry(e.seq(), e.canonicalEventJson(), prevHash, e.hash()));
        }
    }

    record SetSeq(long seq, long newSeq) implements LogMutation {
        @Override
        public List<ChainEntry> apply(List<ChainEntry> log) {
            return replace(log, seq, e -> new ChainEntry(newSeq, e.canonicalEventJson(), e.prevHash(), e.hash()));
        }
    }

    record Remove(long seq) implements LogMutation {
        @Override
        public List<ChainEntry> apply(List<ChainEntry> log) {
            List<ChainEntry> result = new ArrayList<>(log);
            result.remove(indexOf(log, seq));
            return result;
        }
    }

    /** Swaps the entry with the one after it, each keeping its stored seq. */
    record Swap(long seq) implements LogMutation {
        @Override
        public List<ChainEntry> apply(List<ChainEntry> log) {
            List<ChainEntry> result = new ArrayList<>(log);
            int index = indexOf(log, seq);
            Collections.swap(result, index, index + 1);
            return result;
        }
    }

    /** Inserts a copy of the entry right after it. */
    record Duplicate(long seq) implements LogMutation {
        @Override
        public List<ChainEntry> apply(List<ChainEntry> log) {
            List<ChainEntry> result = new ArrayList<>(log);
            int index = indexOf(log, seq);
            result.add(index + 1, log.get(index));
            return result;
        }
    }

    /** Keeps the first {@code keep} entries. */
    record Truncate(int keep) implements LogMutation {
        @Override
        public List<ChainEntry> apply(List<ChainEntry> log) {
            return new ArrayList<>(log.subList(0, keep));
        }
    }

    /** Drops the first {@code count} entries: a range that starts later. */
    record DropFirst(int count) implements LogMutation {
        @Override
        public List<ChainEntry> apply(List<ChainEntry> log) {
            return new ArrayList<>(log.subList(count, log.size()));
        }
    }

    /** Rewrites every seq so that they count up from {@code firstSeq} without gaps (hiding a removal or swap). */
    record Renumber(long firstSeq) implements LogMutation {
        @Override
        public List<ChainEntry> apply(List<ChainEntry> log) {
            List<ChainEntry> result = new ArrayList<>();
            for (int i = 0; i < log.size(); i++) {
                ChainEntry e = log.get(i);
                result.add(new ChainEntry(firstSeq + i, e.canonicalEventJson(), e.prevHash(), e.hash()));
            }
            return result;
        }
    }

    /**
     * Recomputes prev hash and hash of the entry and every later one, as a tamperer who knows the algorithm
     * would after editing the entry.
     */
    record RehashFrom(long seq) implements LogMutation {
        @Override
        public List<ChainEntry> apply(List<ChainEntry> log) {
            List<ChainEntry> result = new ArrayList<>(log);
            int from = indexOf(log, seq);
            String prevHash = from == 0 ? log.get(0).prevHash() : log.get(from - 1).hash();
            for (int i = from; i < result.size(); i++) {
                ChainEntry e = result.get(i);
                String hash = ReferenceVerifier.hash(prevHash, e.canonicalEventJson());
                result.set(i, new ChainEntry(e.seq(), e.canonicalEventJson(), prevHash, hash));
                prevHash = hash;
            }
            return result;
        }
    }

    record Reverse() implements LogMutation {
        @Override
        public List<ChainEntry> apply(List<ChainEntry> log) {
            List<ChainEntry> result = new ArrayList<>(log);
            Collections.reverse(result);
            return result;
        }
    }

    record Append(ChainEntry entry) implements LogMutation {
        @Override
        public List<ChainEntry> apply(List<ChainEntry> log) {
            List<ChainEntry> result = new ArrayList<>(log);
            result.add(entry);
            return result;
        }
    }

    static LogMutation fromJson(JsonNode node) {
        String op = node.path("op").asText();
        return switch (op) {
            case "flipBit" -> new FlipBit(seq(node), node.get("charIndex").asInt(), node.get("bit").asInt());
            case "appendToJson" -> new AppendToJson(seq(node), node.get("text").asText());
            case "replaceJson" -> new ReplaceJson(seq(node), node.get("json").asText());
            case "setHash" -> new SetHash(seq(node), node.get("hash").asText());
            case "setPrevHash" -> new SetPrevHash(seq(node), node.get("prevHash").asText());
            case "setSeq" -> new SetSeq(seq(node), node.get("newSeq").asLong());
            case "remove" -> new Remove(seq(node));
            case "swap" -> new Swap(seq(node));
            case "duplicate" -> new Duplicate(seq(node));
            case "truncate" -> new Truncate(node.get("keep").asInt());
            case "dropFirst" -> new DropFirst(node.get("count").asInt());
            case "renumber" -> new Renumber(node.get("firstSeq").asLong());
            case "rehashFrom" -> new RehashFrom(seq(node));
            case "reverse" -> new Reverse();
            case "append" -> new Append(new ChainEntry(seq(node), node.get("canonicalEventJson").asText(),
                    node.get("prevHash").asText(), node.get("hash").asText()));
            default -> throw new IllegalArgumentException("unknown mutation op: '" + op + "'");
        };
    }

    private static long seq(JsonNode node) {
        JsonNode seq = node.get("seq");
        if (seq == null || !seq.canConvertToLong()) {
            throw new IllegalArgumentException("mutation without a seq: " + node);
        }
        return seq.asLong();
    }

    private static int indexOf(List<ChainEntry> log, long seq) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).seq() == seq) {
                return i;
            }
        }
        throw new IllegalArgumentException("no entry with seq " + seq);
    }

    private static List<ChainEntry> replace(List<ChainEntry> log, long seq,
            UnaryOperator<ChainEntry> change) {
        List<ChainEntry> result = new ArrayList<>(log);
        int index = indexOf(log, seq);
        result.set(index, change.apply(log.get(index)));
        return result;
    }

    private static ChainEntry withJson(ChainEntry e, String json) {
        return new ChainEntry(e.seq(), json, e.prevHash(), e.hash());
    }
}
