package io.tdeguard.web;

import java.util.SortedMap;

import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.signature.RpcV1Request;
import io.tdeguard.signature.SignatureException;

/**
 * The parameters of an RPC request to {@code /}, as Alibaba's clients send them: those of the query string together
 * with those of an {@code application/x-www-form-urlencoded} body, each name once in all. Decoded exactly as the
 * signature checks (ACS3 and V1) decode them, so that what is verified is what is served.
 */
public final class RpcParameters {

    private RpcParameters() {
    }

    /**
     * @throws ApiException {@code InvalidParameter} if the query or the form body is malformed or a name repeats
     */
    public static SortedMap<String, String> of(RequestFacts facts) {
        return of(facts.rawQuery(), facts.formBody());
    }

    static SortedMap<String, String> of(String rawQuery, byte[] formBody) {
        try {
            return RpcV1Request.combine(RpcV1Request.parseQuery(rawQuery), RpcV1Request.parseFormBody(formBody));
        } catch (SignatureException e) {
            throw new ApiException("InvalidParameter", 400,
                    "the parameters in the query string and the form body are not well formed: " + e.getMessage());
        }
    }
}
