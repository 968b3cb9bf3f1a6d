package io.tdeguard.kvstore.openapi;

import io.tdeguard.kvstore.TdeApiException;

/** Gives the credentials of an outbound call, at call time. */
@FunctionalInterface
interface CredentialsProvider {

    /** @throws TdeApiException {@code REJECTED} when there are none: the call is not made */
    OutboundCredentials resolve() throws TdeApiException;
}
