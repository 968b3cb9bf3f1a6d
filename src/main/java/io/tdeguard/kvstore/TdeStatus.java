package io.tdeguard.kvstore;

/** The values of the OpenAPI's {@code TDEStatus}, spelled as on the wire. */
public final class TdeStatus {

    public static final String ENABLED = "Enabled";
    public static final String DISABLED = "Disabled";

    private TdeStatus() {
    }
}
