package io.tdeguard.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The operator's interface to the function (DESIGN.md §3). */
@ConfigMapping(prefix = "tdeguard")
public interface TdeGuardConfig {

    /** The Alibaba account the function acts for: the owner of every resource ARN it checks. */
    String accountId();

    /** The region of resource ARNs when a call names none. */
    String regionId();

    Bootstrap bootstrap();

    Secrets secrets();

    Approval approval();

    Tde tde();

    Demo demo();

    /** A first administrator, created on first start when no user exists yet. */
    interface Bootstrap {
        @WithDefault("admin")
        String userName();

        Optional<String> accessKeyId();

        Optional<String> accessKeySecret();
    }

    interface Secrets {
        /** Base64 of a 256-bit AES key that encrypts stored AccessKey secrets. */
        String encryptionKey();
    }

    interface Approval {
        /** Lifetime of an approval whose request names none. */
        @WithDefault("PT1H")
        Duration defaultTtl();

        /** The longest lifetime a request may ask for. */
        @WithDefault("P7D")
        Duration maxTtl();

        /** Approvals needed from distinct users other than the requester. */
        @WithDefault("1")
        int requiredApprovals();
    }

    interface Tde {
        /** The adapter that makes TDE calls (io.tdeguard.kvstore): simulator, or openapi (tdeguard.openapi.*). */
        @WithDefault("simulator")
        String backend();
    }

    /** Demo users of the local profile, so that a newcomer can walk through one change. */
    interface Demo {
        @WithDefault("false")
        boolean enabled();

        /** Where their AccessKeys are written for the signed-call client (deploy/bin/acs-call). */
        @WithDefault("target/demo-identities.properties")
        String identitiesFile();
    }
}
