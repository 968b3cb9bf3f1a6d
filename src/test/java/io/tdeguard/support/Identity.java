package io.tdeguard.support;

/** A RAM user and one of its AccessKeys, as a test client signs with them. */
public record Identity(String userName, String accessKeyId, String accessKeySecret) {

    /** The bootstrap administrator of the test profile (application.properties). */
    public static final Identity ADMIN = new Identity("admin", "LTAItestAdministrator001", "test-admin-secret-0123456789");
}
