package io.tdeguard.audit;

/** ConcurrentAppendTest's synthetic event, for the benchmark. */
public final class ConcurrentAppendAccess {

    private ConcurrentAppendAccess() {
    }

    public static AuditRecord event(String marker, int writer, int i) {
        return ConcurrentAppendTest.event(marker, writer, i);
    }
}
