/**
 * Alibaba Cloud request signatures, version 3: {@code ACS3-HMAC-SHA256}, as the official Alibaba Cloud SDKs
 * (tea-openapi) compute them. One implementation serves both directions: verifying the requests TDE Guard
 * receives and signing the requests it, or its command-line client, sends.
 *
 * <p>The recipe, measured against the official Java SDK, is in {@code DESIGN.md} §5 ("Signature
 * ACS3-HMAC-SHA256"); {@link io.tdeguard.signature.Acs3CanonicalRequest} implements it rule by rule.
 * Entry points:
 * <ul>
 *   <li>{@link io.tdeguard.signature.Acs3Signer#sign} computes a signature and returns every intermediate;</li>
 *   <li>{@link io.tdeguard.signature.Acs3Verifier#inspect} parses the {@code Authorization} header and exposes
 *       what the caller needs to find the secret and check freshness (AccessKeyId, date, nonce);</li>
 *   <li>{@link io.tdeguard.signature.Acs3Verifier#verify} recomputes and compares in constant time.</li>
 * </ul>
 * Time windows, nonce replay and AccessKey lookup are deliberately not here: they belong to {@code io.tdeguard.auth}.
 *
 * <p>Plain Java: no framework, nothing beyond the JDK, and no logging, so that no secret can leak from here.
 */
package io.tdeguard.signature;
