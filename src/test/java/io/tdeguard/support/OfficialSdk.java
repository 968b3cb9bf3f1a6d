package io.tdeguard.support;

import java.util.Map;

import com.aliyun.r_kvstore20150101.Client;
import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teaopenapi.models.GlobalParameters;
import com.aliyun.teautil.models.RuntimeOptions;

/** The official Alibaba Cloud SDK for R-kvstore (com.aliyun:r_kvstore20150101), unmodified, pointed at a loopback port. */
public final class OfficialSdk {

    private OfficialSdk() {
    }

    /** A client of {@code http://127.0.0.1:port} signing with this AccessKey (and STS token, when not null). */
    public static Client client(int port, String accessKeyId, String secret, String securityToken) {
        return client(port, accessKeyId, secret, securityToken, null);
    }

    /**
     * As {@link #client(int, String, String, String)}, with headers the SDK merges over its own defaults: the SDK's
     * documented {@code globalParameters}, here used to fix {@code x-acs-date} and {@code x-acs-signature-nonce}.
     */
    public static Client client(int port, String accessKeyId, String secret, String securityToken,
            Map<String, String> globalHeaders) {
        Config config = new Config()
                .setAccessKeyId(accessKeyId)
                .setAccessKeySecret(secret)
                .setEndpoint("127.0.0.1:" + port)
                .setProtocol("HTTP")
                .setRegionId("cn-hangzhou")
                .setReadTimeout(10_000)
                .setConnectTimeout(5_000);
        if (securityToken != null) {
            config.setSecurityToken(securityToken);
        }
        if (globalHeaders != null) {
            config.setGlobalParameters(new GlobalParameters().setHeaders(globalHeaders));
        }
        try {
            return new Client(config);
        } catch (Exception e) {
            throw new IllegalStateException("could not create the SDK client", e);
        }
    }

    /** Runtime options without the SDK's own retries, so that every test sees one request per call. */
    public static RuntimeOptions once() {
        RuntimeOptions runtime = new RuntimeOptions();
        runtime.autoretry = false;
        runtime.maxAttempts = 1;
        return runtime;
    }

    /** The HTTP status of an SDK error. */
    public static int status(TeaException e) {
        Object status = e.getData() == null ? null : e.getData().get("statusCode");
        return status instanceof Number number ? number.intValue() : -1;
    }

    /** A call of the SDK, which declares {@code throws Exception}. */
    public interface SdkCall<T> {
        T call() throws Exception;
    }

    /** The TeaException the call fails with. */
    public static TeaException failure(SdkCall<?> call) {
        try {
            call.call();
        } catch (TeaException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected an error answer, got " + e, e);
        }
        throw new AssertionError("expected an error answer, the call succeeded");
    }

    /** The result of a call that must succeed. */
    public static <T> T ok(SdkCall<T> call) {
        try {
            return call.call();
        } catch (TeaException e) {
            throw new AssertionError("SDK call failed: " + e.getCode() + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new AssertionError("SDK call failed: " + e, e);
        }
    }
}
