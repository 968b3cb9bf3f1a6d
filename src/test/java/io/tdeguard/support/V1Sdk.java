package io.tdeguard.support;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;

/**
 * The V1 Java SDK ({@code com.aliyun:aliyun-java-sdk-core} with {@code aliyun-java-sdk-r-kvstore}), unmodified, as a
 * program that already uses it is pointed at TDE Guard: its endpoint set to the function, plain HTTP on loopback.
 */
public final class V1Sdk {

    private final DefaultAcsClient client;
    private final String endpoint;

    private V1Sdk(DefaultAcsClient client, String endpoint) {
        this.client = client;
        this.endpoint = endpoint;
    }

    /** A client of {@code http://127.0.0.1:port} in region cn-hangzhou, signing with this AccessKey. */
    public static V1Sdk of(int port, Identity identity) {
        return of(port, identity.accessKeyId(), identity.accessKeySecret());
    }

    public static V1Sdk of(int port, String accessKeyId, String secret) {
        DefaultAcsClient client = new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", accessKeyId, secret));
        client.setAutoRetry(false); // one request per call, so that every test sees exactly one audit event
        return new V1Sdk(client, "127.0.0.1:" + port);
    }

    /** The answer to the request, sent to the function. */
    public <T extends AcsResponse> T call(AcsRequest<T> request) throws ClientException {
        request.setSysEndpoint(endpoint);
        request.setSysProtocol(ProtocolType.HTTP);
        return client.getAcsResponse(request);
    }

    /** The error the request is answered with. */
    public ClientException failure(AcsRequest<?> request) {
        try {
            call(request);
        } catch (ClientException e) {
            return e;
        }
        throw new AssertionError("expected an error answer, the call succeeded");
    }

    /** The answer to a request that must succeed. */
    public <T extends AcsResponse> T ok(AcsRequest<T> request) {
        try {
            return call(request);
        } catch (ClientException e) {
            throw new AssertionError("V1 SDK call failed: " + e.getErrCode() + ": " + e.getErrMsg(), e);
        }
    }
}
