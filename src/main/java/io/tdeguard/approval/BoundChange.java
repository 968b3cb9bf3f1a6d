package io.tdeguard.approval;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tdeguard.json.CanonicalJson;

/**
 * One precise change: the action, the resource it acts on and its parameters with every default resolved, so
 * that two requests for the same change bind identically and any other change binds differently.
 *
 * @param conditionKeys the request's RAM condition keys, such as {@code kvstore:TDEStatus}
 */
public record BoundChange(String action, String resourceArn, Map<String, Object> parameters, String instanceId,
        String regionId, Map<String, String> conditionKeys) {

    /** SHA-256 over the canonical JSON (RFC 8785) of action, resource and parameters. */
    public String bindingHash() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    canonicalBinding().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public String canonicalParameters() {
        return CanonicalJson.write(parameters);
    }

    private String canonicalBinding() {
        Map<String, Object> binding = new LinkedHashMap<>();
        binding.put("action", action);
        binding.put("resource", resourceArn);
        binding.put("parameters", parameters);
        return CanonicalJson.write(binding);
    }
}
