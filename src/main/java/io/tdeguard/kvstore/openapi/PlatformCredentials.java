package io.tdeguard.kvstore.openapi;

import java.util.Optional;

/**
 * The function role's STS credentials that the platform hands the invocation being served (Function Compute passes
 * them with each request). Implemented by the entry layer, which sees the request, so that this outbound adapter
 * never reads the inbound request itself.
 */
@FunctionalInterface
public interface PlatformCredentials {

    /** The credentials of the invocation being served; empty outside an invocation or when the platform gave none. */
    Optional<OutboundCredentials> current();
}
