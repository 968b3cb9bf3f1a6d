package io.tdeguard.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class Acs3AuthorizationTest {

    private static final String SIGNATURE = "dd80a25042b984d17af1008665e7e8e2dd7438626d9fb2ca3ed8996d1782b53d";
    private static final String SIGNED_HEADERS =
            "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";

    @Test
    void parsesTheSdkFormat() {
        Acs3Authorization authorization = Acs3Authorization.parse("ACS3-HMAC-SHA256 Credential=LTAI5tKey,SignedHeaders="
                + SIGNED_HEADERS + ",Signature=" + SIGNATURE);

        assertEquals(new Acs3Authorization("LTAI5tKey", List.of("host", "x-acs-action", "x-acs-content-sha256",
                "x-acs-date", "x-acs-signature-nonce", "x-acs-version"), SIGNATURE), authorization);
    }

    @Test
    void toleratesSpacesAfterCommasAndAnyOrderOfParts() {
        Acs3Authorization authorization = Acs3Authorization.parse("ACS3-HMAC-SHA256 Signature=" + SIGNATURE
                + ",  SignedHeaders=" + SIGNED_HEADERS + ", Credential=STS.NUgYrLnoC37mZZCNnAbez2");

        assertEquals("STS.NUgYrLnoC37mZZCNnAbez2", authorization.accessKeyId());
        assertEquals(SIGNATURE, authorization.signature());
    }

    @Test
    void refusesSignedHeadersInTheOrderOfOldJavaSdksSayingTheyMustBeSorted() {
        // Java SDKs before late 2021 listed the signed headers in HashMap order.
        String unsorted = "x-acs-signature-nonce;host;x-acs-date;x-acs-version;x-acs-action;x-acs-content-sha256";

        SignatureException failure = assertThrows(SignatureException.class, () -> Acs3Authorization.parse(
                "ACS3-HMAC-SHA256 Credential=LTAI5tKey,SignedHeaders=" + unsorted + ",Signature=" + SIGNATURE));

        assertEquals("IncompleteSignature", failure.code());
        assertEquals("signed headers must be sorted: '" + unsorted + "'", failure.getMessage());
    }

    @Test
    void refusesARepeatedSignedHeaderByName() {
        SignatureException failure = assertThrows(SignatureException.class, () -> Acs3Authorization.parse(
                "ACS3-HMAC-SHA256 Credential=LTAI5tKey,SignedHeaders=host;" + SIGNED_HEADERS + ",Signature="
                        + SIGNATURE));

        assertEquals("signed header 'host' is repeated", failure.getMessage());
    }
}
