package io.tdeguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The hand-written date parser against {@code java.time}, which is too slow for the request path. */
class DateValuesTest {

    private static final long SEED = Long.getLong("policy.seed", new Random().nextLong());

    @Test
    void agreesWithJavaTimeOnRandomDateTimes() throws ValueFormatException {
        Random random = new Random(SEED);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(DateValues.MAX_EPOCH_SECONDS + 1), random.nextInt(1_000_000_000));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(60 * (random.nextInt(2 * 14 * 60 + 1) - 14 * 60));
            OffsetDateTime dateTime = instant.atOffset(offset);
            if (dateTime.getYear() > 9999 || dateTime.getYear() < 0) {
                continue;
            }
            String text = dateTime.format(formatter(random.nextInt(10)));
            assertEquals(OffsetDateTime.parse(text).toInstant(), DateValues.parse(text), text + " (seed " + SEED + ")");
        }
    }

    /** RFC 3339 with seconds always written and a fraction of the given number of digits (0 for none). */
    private static DateTimeFormatter formatter(int fractionDigits) {
        String fraction = fractionDigits == 0 ? "" : "." + "S".repeat(fractionDigits);
        return DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss" + fraction + "XXX");
    }

    @Test
    void acceptsOnlyWhatJavaTimeAcceptsToo() {
        Random random = new Random(SEED);
        String valid = "2024-02-29T23:59:59.123+05:30";
        String alphabet = "0123456789-:T.Z+ tz";
        for (int i = 0; i < 20_000; i++) {
            char[] mutated = valid.toCharArray();
            for (int j = random.nextInt(3); j >= 0; j--) {
                mutated[random.nextInt(mutated.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String text = new String(mutated);
            Instant ours;
            try {
                ours = DateValues.parse(text);
            } catch (ValueFormatException refused) {
                continue;
            }
            if (text.chars().allMatch(Character::isDigit)) {
                assertEquals(Instant.ofEpochSecond(Long.parseLong(text)), ours);
                continue;
            }
            try {
                assertEquals(OffsetDateTime.parse(text.toUpperCase(java.util.Locale.ROOT)).toInstant(), ours, text);
            } catch (DateTimeParseException e) {
                // java.time refuses offsets beyond 18:00, which RFC 3339's grammar allows up to 23:59
                assertEquals(true, text.matches(".*[+-](1[89]|2\\d):\\d\\d$"), "only java.time refuses " + text);
            }
        }
    }

    @Test
    void readsEpochSecondsAndLeapDays() throws ValueFormatException {
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), DateValues.parse("1767225600"));
        assertEquals(Instant.EPOCH, DateValues.parse("0"));
        assertEquals(Instant.parse("9999-12-31T23:59:59Z"), DateValues.parse("253402300799"));
        assertEquals(Instant.parse("2024-02-29T00:00:00Z"), DateValues.parse("2024-02-29T08:00:00+08:00"));
        assertEquals(Instant.parse("2000-02-29T12:00:00Z"), DateValues.parse("2000-02-29T12:00:00z"));
        assertThrows(ValueFormatException.class, () -> DateValues.parse("253402300800"));
        assertThrows(ValueFormatException.class, () -> DateValues.parse("2100-02-29T00:00:00Z"));
        assertThrows(ValueFormatException.class, () -> DateValues.parse("2026-01-01T00:00:60Z"));
        assertThrows(ValueFormatException.class, () -> DateValues.parse(""));
        assertThrows(ValueFormatException.class, () -> DateValues.parse("2026-01-01T00:00:00Z "));
        assertThrows(ValueFormatException.class, () -> DateValues.parse("２０２６-01-01T00:00:00Z"));
    }
}
