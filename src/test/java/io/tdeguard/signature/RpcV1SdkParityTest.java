package io.tdeguard.signature;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.aliyuncs.RpcAcsRequest;
import com.aliyuncs.auth.BasicCredentials;
import com.aliyuncs.auth.RpcSignatureComposer;
import com.aliyuncs.auth.Signer;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.r_kvstore.model.v20150101.DescribeInstanceTDEStatusRequest;
import com.aliyuncs.r_kvstore.model.v20150101.DescribeInstanceTDEStatusResponse;
import com.aliyuncs.r_kvstore.model.v20150101.ModifyInstanceTDERequest;
import com.aliyuncs.regions.ProductDomain;

/**
 * Parity with an implementation written by others: the V1 Java SDK ({@code com.aliyun:aliyun-java-sdk-core} 4.7.9
 * with {@code aliyun-java-sdk-r-kvstore} 2.20.9), used as a reference client only.
 * <ul>
 *   <li>requests the SDK signs itself ({@code RpcAcsRequest#signRequest}, which composes the URL and body without
 *       sending) verify with our verifier, parsed from the URL's query and the form body;</li>
 *   <li>for fixed timestamp and nonce, our string to sign and signature equal the SDK's composer and signer byte for
 *       byte, over values with reserved, unicode and emoji characters.</li>
 * </ul>
 */
class RpcV1SdkParityTest {

    private static final String ACCESS_KEY_ID = "LTAI5tV1ParityKey";
    private static final String SECRET_TEXT = "v1ParitySecret0123456789abcdef";
    private static final AccessKeySecret SECRET = AccessKeySecret.of(SECRET_TEXT);
    private static final BasicCredentials CREDENTIALS = new BasicCredentials(ACCESS_KEY_ID, SECRET_TEXT);
    private static final ProductDomain DOMAIN = new ProductDomain("R-kvstore", "r-kvstore.aliyuncs.com");

    /** Values taking each path through percent-encoding and form encoding. */
    static Stream<String> trickyValues() {
        return Stream.of("plain", "a b", "a*b", "a~b", "a/b", "a+b", "a=b&c=d", "%41", "é中", "😀 emoji", "",
                "!'()*-._~", "tab\tnew\nline");
    }

    /** Signs with the SDK exactly as {@code DefaultAcsClient} does before sending, and returns what it would send. */
    private static RpcV1Request signWithSdk(RpcAcsRequest<?> request) throws Exception {
        request.setSysProtocol(ProtocolType.HTTPS); // DefaultAcsClient sets it from its profile
        request.signRequest(Signer.getSigner(CREDENTIALS), CREDENTIALS, FormatType.JSON, DOMAIN);
        String rawQuery = URI.create(request.getSysUrl()).getRawQuery();
        byte[] body = request.getHttpContent() == null ? new byte[0] : request.getHttpContent();
        return RpcV1Request.parse(request.getSysMethod().toString(), rawQuery, body);
    }

    private static void assertVerifiesAndMatchesOurs(RpcV1Request received) {
        RpcV1SignedRequest signed = RpcV1Verifier.inspect(received);
        assertDoesNotThrow(() -> RpcV1Verifier.verify(signed, id -> Optional.of(SECRET)));
        assertEquals(signed.signature(), RpcV1Signer.sign(received, SECRET).signature());
    }

    @Test
    void verifiesDescribeInstanceTdeStatusSignedByTheSdk() throws Exception {
        DescribeInstanceTDEStatusRequest request = new DescribeInstanceTDEStatusRequest();
        request.setInstanceId("r-bp1zxszhcgatnx****");
        request.setSysRegionId("cn-hangzhou");

        RpcV1Request received = signWithSdk(request);

        assertEquals("POST", received.method());
        assertEquals("DescribeInstanceTDEStatus", received.parameter("Action").orElseThrow());
        assertEquals("cn-hangzhou", received.parameter("RegionId").orElseThrow());
        assertVerifiesAndMatchesOurs(received);
    }

    @ParameterizedTest
    @MethodSource("trickyValues")
    void verifiesModifyInstanceTdeSignedByTheSdkWithGet(String value) throws Exception {
        ModifyInstanceTDERequest request = new ModifyInstanceTDERequest();
        request.setSysMethod(MethodType.GET);
        request.setInstanceId("r-bp1zxszhcgatnx****");
        request.setTDEStatus("Enabled");
        request.setEncryptionName(value);
        request.setRoleArn("acs:ram::123456789:role/aliyunkvstoreaccessingkmsrole");

        RpcV1Request received = signWithSdk(request);

        assertNull(request.getHttpContent());
        assertEquals(value, received.parameter("EncryptionName").orElseThrow());
        assertVerifiesAndMatchesOurs(received);
    }

    /** A request with business parameters in a form body, as the SDK sends those of body-style operations. */
    private static final class FormRequest extends RpcAcsRequest<DescribeInstanceTDEStatusResponse> {

        FormRequest() {
            super("R-kvstore", "2015-01-01", "ModifyInstanceTDE", "redisa");
            setSysMethod(MethodType.POST);
        }

        void body(String name, String value) {
            putBodyParameter(name, value);
        }

        @Override
        public Class<DescribeInstanceTDEStatusResponse> getResponseClass() {
            return DescribeInstanceTDEStatusResponse.class;
        }
    }

    @ParameterizedTest
    @MethodSource("trickyValues")
    void verifiesAPostWithAFormBodySignedByTheSdk(String value) throws Exception {
        FormRequest request = new FormRequest();
        request.setSysRegionId("cn-hangzhou");
        request.body("InstanceId", "r-bp1zxszhcgatnx****");
        request.body("TDEStatus", "Enabled");
        request.body("EncryptionKey", value);

        RpcV1Request received = signWithSdk(request);

        assertEquals(value, received.parameter("EncryptionKey").orElseThrow());
        assertEquals(value, RpcV1Request.parse("POST", "", request.getHttpContent()).parameters()
                .get("EncryptionKey"), "the business parameters travel in the body");
        assertVerifiesAndMatchesOurs(received);
    }

    @ParameterizedTest
    @MethodSource("trickyValues")
    void signsByteForByteAsTheSdkForAFixedTimestampAndNonce(String value) {
        for (String method : new String[] {"GET", "POST"}) {
            Map<String, String> parameters = new TreeMap<>(RpcV1Parameters.standard("ModifyInstanceTDE", "2015-01-01")
                    .accessKeyId(ACCESS_KEY_ID)
                    .regionId("cn-hangzhou")
                    .clock(Clock.fixed(Instant.parse("2026-11-28T16:52:28Z"), ZoneOffset.UTC))
                    .nonce(() -> "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf")
                    .build());
            parameters.put("InstanceId", "r-bp1zxszhcgatnx****");
            parameters.put("EncryptionName", value);
            parameters.put(value.isEmpty() ? "Empty" : "Name " + value, value);
            Signer sdkSigner = Signer.getSigner(CREDENTIALS);
            String sdkStringToSign = RpcSignatureComposer.getComposer().composeStringToSign(
                    MethodType.valueOf(method), null, sdkSigner, new HashMap<>(parameters), null, null);
            String sdkSignature = sdkSigner.signString(sdkStringToSign, SECRET_TEXT + "&");

            RpcV1Signature ours = RpcV1Signer.sign(RpcV1Request.of(method, parameters), SECRET);

            assertEquals(sdkStringToSign, ours.stringToSign().text());
            assertEquals(sdkSignature, ours.signature());
        }
    }
}
