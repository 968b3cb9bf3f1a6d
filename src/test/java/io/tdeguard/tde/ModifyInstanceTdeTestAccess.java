package io.tdeguard.tde;

import java.util.Map;

/** ModifyInstanceTdeTest's recomputation of an event's hash, for tests in other packages. */
public final class ModifyInstanceTdeTestAccess {

    private ModifyInstanceTdeTestAccess() {
    }

    public static void assertChained(Map<String, Object> event) {
        ModifyInstanceTdeTest.assertChained(event);
    }
}
