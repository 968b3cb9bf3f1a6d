package io.tdeguard.json;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded random values of the kinds an audit event holds, biased towards what canonicalization finds hard. */
public final class RandomValues {

    private static final List<String> TRICKY_KEYS = List.of("", "a", "A", "aa", "b", "1", "10", "\r", "\u0000",
            "\u007f", "\u0080", "\u00f6", "\u20ac", "\ufb33", "\uffff", "\ud83d\ude00", "\ud800\udc00", "\"", "\\",
            "eventId", "eventName", "userIdentity", "requestParameters");
    private static final long MAX_SAFE = (1L << 53) - 1;

    private RandomValues() {
    }

    /** An audit-event-like map: a few well-known fields and random extra members. */
    public static Map<String, Object> event(Random random) {
        Map<String, Object> event = new HashMap<>();
        event.put("eventId", "e-" + Long.toHexString(random.nextLong()));
        event.put("eventName", random.nextBoolean() ? "ModifyInstanceTDE" : string(random));
        int extra = random.nextInt(4);
        for (int i = 0; i < extra; i++) {
            event.put(key(random), value(random, 2));
        }
        return event;
    }

    public static Object value(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 9 : 7);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2, 3 -> string(random);
            case 4 -> integer(random);
            case 5 -> random.nextInt();
            case 6 -> BigInteger.valueOf(integer(random));
            case 7 -> {
                List<Object> list = new ArrayList<>();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    list.add(value(random, depth - 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new HashMap<>();
                int size = random.nextInt(5);
                for (int i = 0; i < size; i++) {
                    map.put(key(random), value(random, depth - 1));
                }
                yield map;
            }
        };
    }

    static String key(Random random) {
        return random.nextInt(3) == 0 ? string(random) : TRICKY_KEYS.get(random.nextInt(TRICKY_KEYS.size()));
    }

    /** A well-formed UTF-16 string mixing ASCII, controls, other BMP characters and surrogate pairs. */
    static String string(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0 -> text.append((char) random.nextInt(0x20));
                case 1, 2 -> text.append((char) (0x20 + random.nextInt(0x60)));
                case 3 -> text.appendCodePoint(0x10000 + random.nextInt(0x100000));
                default -> {
                    int codePoint = 0x80 + random.nextInt(0x10000 - 0x80);
                    text.appendCodePoint(Character.isSurrogate((char) codePoint) ? 0x2028 : codePoint);
                }
            }
        }
        return text.toString();
    }

    /** A safe integer, often at or near the edges. */
    static long integer(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> MAX_SAFE - random.nextInt(3);
            case 1 -> -MAX_SAFE + random.nextInt(3);
            case 2 -> random.nextInt(201) - 100;
            default -> (random.nextLong() % MAX_SAFE);
        };
    }
}
