package io.tdeguard.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    Audit audit();

    Auth auth();

    ScheduledWork scheduledWork();

    /** RunScheduledWork, Function Compute's timer trigger (io.tdeguard.application.schedule.ScheduledWork). */
    interface ScheduledWork {
        /**
         * The secret the timer trigger's payload carries ({@code "Token"}); without it every RunScheduledWork call is
         * refused. Off Function Compute RunScheduledWork is not served and this is not needed.
         */
        Optional<String> token();

        /** {@link #token()} when it is set and not blank: a blank one is no token. */
        default Optional<String> usableToken() {
            return token().filter(value -> !value.isBlank());
        }
    }

    interface Auth {
        /**
         * The hosts this deployment answers to, {@code host} (any port) or {@code host:port}, compared without regard
         * to case. When set, a request whose signed {@code host} header is not among them is refused, so that a
         * request signed for another deployment cannot be replayed here. Required in prod.
         */
        Optional<List<String>> acceptedHosts();

        Unauthenticated unauthenticated();

        /**
         * Flood limits of unauthenticated refusals (io.tdeguard.application.UnauthenticatedRefusals): per source
         * address, the first {@code capacity} refusals of each {@code window} are answered and audited one by one, and
         * per instance at most {@code global-capacity} of all sources together; the rest are answered
         * {@code Throttling.User} (429) and audited as one counted event per source, code and window, of at most
         * {@code max-counted-sources} sources per window and instance. Authenticated callers are never throttled by
         * this.
         */
        interface Unauthenticated {
            /** Refusals per source address and window that are audited one by one. */
            @WithDefault("20")
            int capacity();

            /** Refusals per window of all sources together that one instance audits one by one. */
            @WithDefault("2000")
            int globalCapacity();

            /** The window, aligned to the epoch (a duration like PT1M). */
            @WithDefault("PT1M")
            Duration window();

            /** The most source addresses tracked at once; the least recently refused is forgotten. */
            @WithDefault("10000")
            int maxSources();

            /**
             * The most sources with counted events of their own per window and instance: the first throttled in the
             * window; the throttled refusals of the others are counted as the source {@code other-sources}.
             */
            @WithDefault("100")
            int maxCountedSources();
        }
    }

    /** A first administrator, created on first start when no user exists yet. */
    interface Bootstrap {
        @WithDefault("admin")
        String userName();

        Optional<String> accessKeyId();

        Optional<String> accessKeySecret();
    }

    interface Secrets {
        /**
         * Base64 of a 256-bit AES key that encrypts stored AccessKey secrets. Required to serve; the {@code migrate}
         * command does not need it.
         */
        Optional<String> encryptionKey();
    }

    interface Approval {
        /** Lifetime of an approval whose request names none. */
        @WithDefault("PT1H")
        Duration defaultTtl();

        /** The longest lifetime a request may ask for. */
        @WithDefault("P7D")
        Duration maxTtl();

        /** Approvals needed from distinct users other than the requester, unless a pattern below says more. */
        @WithDefault("1")
        int requiredApprovals();

        /**
         * More approvals for resources whose ARN matches a pattern ({@code *} and {@code ?} as in RAM policies),
         * e.g. {@code tdeguard.approval.required-approvals-for."acs:kvstore:*:*:instance/r-prod*"=2}; the highest
         * matching number wins.
         */
        Map<String, Integer> requiredApprovalsFor();
    }

    interface Tde {
        /**
         * The adapter that makes TDE calls (io.tdeguard.kvstore): simulator, or openapi (tdeguard.openapi.*). No
         * default in prod: a start without it stops (io.tdeguard.startup.ProductionGuard).
         */
        Optional<String> backend();
    }

    /** Demo users of the local profile, so that a newcomer can walk through one change. */
    interface Demo {
        @WithDefault("false")
        boolean enabled();

        /** Where their AccessKeys are written for the signed-call client (deploy/bin/acs-call). */
        @WithDefault("target/demo-identities.properties")
        String identitiesFile();
    }

    /** The verifiable audit trail (io.tdeguard.audit). */
    interface Audit {

        Checkpoint checkpoint();

        Reconcile reconcile();

        Lookup lookup();

        Tag tag();

        Sequencer sequencer();

        /**
         * The log's origin: the first line of its checkpoints and the name of its note key. Default
         * {@code tdeguard/<account-id>/audit}.
         */
        Optional<String> origin();

        /** The tags of stored events: HMAC-SHA256 over the event's leaf bytes, with a key not in the database. */
        interface Tag {
            /** Base64 of the HMAC key (at least 32 bytes) that tags new events. Required to serve, not to migrate. */
            Optional<String> key();

            /** Base64 of earlier tag keys: events they tagged still verify. */
            Optional<List<String>> retiredKeys();
        }

        /** The sequencer that integrates stored events into the Merkle log and signs a checkpoint per batch. */
        interface Sequencer {
            /** How often it runs while events wait (a duration like PT0.5S; off: only on demand). */
            String every();

            /** The most events one batch integrates. */
            @WithDefault("20000")
            int batch();

            /**
             * How often it looks for stored events outside the log and its queue (a queue row deleted, or an event
             * written without one): each is queued again and raises an alarm. A look reads every event's index entry.
             */
            @WithDefault("PT10M")
            Duration sweepEvery();
        }

        /** Signed checkpoints of the chain head. */
        interface Checkpoint {
            /**
             * Base64 of the PKCS#8 DER (or PEM) of the Ed25519 key that signs checkpoints. Required: the function
             * does not start without it (the {@code migrate} command does not need it).
             */
            Optional<String> privateKey();

            /**
             * Note verifier keys ({@code <name>+<hex key ID>+<base64>}) of retired checkpoint keys: checkpoints they
             * signed still verify.
             */
            Optional<List<String>> retiredKeys();
        }

        /** Reconciliation of in-doubt TDE changes. */
        interface Reconcile {
            /** How old an intent without a definite outcome must be before the backend is asked. */
            @WithDefault("PT5M")
            Duration after();

            /** How often reconciliation runs (a duration like PT1M; off disables). */
            String every();
        }

        interface Lookup {
            /** The longest time range one LookupEvents call may cover. */
            @WithDefault("P31D")
            Duration maxRange();
        }
    }
}
