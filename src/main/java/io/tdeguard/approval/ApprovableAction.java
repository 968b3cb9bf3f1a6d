package io.tdeguard.approval;

import java.util.Map;

/**
 * An action that needs an approval, and how its request parameters become one precise change. The action's own
 * package provides it, so that an approval and the later call are validated and bound by the same code.
 */
public interface ApprovableAction {

    /** The RAM action name, such as {@code kvstore:ModifyInstanceTDE}. */
    String action();

    /** Validates the parameters the call will carry and binds them; refuses invalid ones with an ApiException. */
    BoundChange bind(Map<String, Object> parameters);
}
