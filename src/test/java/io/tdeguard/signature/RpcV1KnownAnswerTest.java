package io.tdeguard.signature;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Alibaba Cloud's published worked examples of the RPC V1 signature: ECS {@code DescribeRegions} with AccessKeyId
 * {@code testid} and AccessKeySecret {@code testsecret} ("Request signatures" of the ECS API reference, and its Chinese
 * edition "API 签名机制 (示例)", which names the timestamp {@code TimeStamp}). Exact string to sign and signature.
 */
class RpcV1KnownAnswerTest {

    private static final AccessKeySecret SECRET = AccessKeySecret.of("testsecret");

    /** The English edition: the request as its URL carries it before signing. */
    private static final String UNSIGNED_QUERY = "Timestamp=2016-02-23T12:46:24Z&Format=XML&AccessKeyId=testid"
            + "&Action=DescribeRegions&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"
            + "&Version=2014-05-26&SignatureVersion=1.0";
    private static final String CANONICALIZED_QUERY = "AccessKeyId=testid&Action=DescribeRegions&Format=XML"
            + "&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0"
            + "&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26";
    private static final String STRING_TO_SIGN = "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions"
            + "%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"
            + "%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26";
    private static final String SIGNATURE = "OLeaidS1JvxuMvnyHOwuJ+uX5qY=";
    /** The signed URL's query as the documentation prints it. */
    private static final String SIGNED_QUERY = "SignatureVersion=1.0&Action=DescribeRegions&Format=XML"
            + "&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&Version=2014-05-26&AccessKeyId=testid"
            + "&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D&SignatureMethod=HMAC-SHA1&Timestamp=2016-02-23T12%3A46%3A24Z";

    @Test
    void computesThePublishedStringToSignAndSignature() {
        RpcV1Signature signature = RpcV1Signer.sign(RpcV1Request.parse("GET", UNSIGNED_QUERY, new byte[0]), SECRET);

        assertEquals(CANONICALIZED_QUERY, signature.stringToSign().canonicalizedQuery());
        assertEquals(STRING_TO_SIGN, signature.stringToSign().text());
        assertEquals(SIGNATURE, signature.signature());
        assertEquals(SIGNATURE, signature.signedRequest().parameter("Signature").orElseThrow());
    }

    @Test
    void verifiesThePublishedSignedUrl() {
        RpcV1SignedRequest signed = RpcV1Verifier.inspect(RpcV1Request.parse("GET", SIGNED_QUERY, new byte[0]));

        assertEquals("testid", signed.accessKeyId());
        assertEquals(Instant.parse("2016-02-23T12:46:24Z"), signed.timestamp());
        assertEquals("3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", signed.nonce());
        assertEquals("DescribeRegions", signed.action());
        assertEquals("2014-05-26", signed.version());
        assertDoesNotThrow(() -> RpcV1Verifier.verify(signed, SECRET));
    }

    @Test
    void computesTheChineseEditionsSignatureOfTimeStamp() {
        // This edition spells the parameter TimeStamp: it sorts after SignatureVersion all the same.
        RpcV1Request request = RpcV1Request.of("GET", Map.of(
                "TimeStamp", "2016-02-23T12:46:24Z",
                "Format", "XML",
                "AccessKeyId", "testid",
                "Action", "DescribeRegions",
                "SignatureMethod", "HMAC-SHA1",
                "SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
                "Version", "2014-05-26",
                "SignatureVersion", "1.0"));

        RpcV1Signature signature = RpcV1Signer.sign(request, SECRET);

        assertEquals(STRING_TO_SIGN.replace("Timestamp", "TimeStamp"), signature.stringToSign().text());
        assertEquals("CT9X0VtwR86fNWSnsc6v8YGOjuE=", signature.signature());
    }
}
