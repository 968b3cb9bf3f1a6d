package io.tdeguard.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The production guard's test for a trusted block that covers every address, by the number, not the text. */
class TrustedBlockPrefixTest {

    @ParameterizedTest
    @CsvSource({
            "0.0.0.0/0, true",
            "0.0.0.0/00, true",
            "::/0, true",
            "10.0.0.0/ 0, true",
            "10.0.0.0/8, false",
            "10.0.0.0/10, false",
            "10.0.0.1, false",
            "2001:db8::/32, false",
            "10.0.0.0/x, false"})
    void findsPrefixZeroHoweverWritten(String entry, boolean everyAddress) {
        assertEquals(everyAddress, ProductionGuard.prefixZero(entry), entry);
    }
}
