package io.tdeguard.kvstore.openapi;

import com.fasterxml.jackson.databind.JsonNode;

/** A successful answer: the service's RequestId and its JSON body. */
record RpcAnswer(String requestId, JsonNode body) {
}
