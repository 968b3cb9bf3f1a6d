/**
 * Alibaba Cloud request signatures: version 3, {@code ACS3-HMAC-SHA256}, as the official Alibaba Cloud SDKs
 * (tea-openapi) compute them, and the RPC V1 signature ({@code SignatureMethod=HMAC-SHA1},
 * {@code SignatureVersion=1.0}) of the {@code aliyun} CLI, Terraform and the V1 SDKs. One implementation of each
 * serves both directions: verifying the requests TDE Guard receives and signing the requests it, or its
 * command-line client, sends.
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
 * The RPC V1 signature has the same shape: {@link io.tdeguard.signature.RpcV1Request#parse} (query and form body),
 * {@link io.tdeguard.signature.RpcV1StringToSign}, {@link io.tdeguard.signature.RpcV1Signer#sign},
 * {@link io.tdeguard.signature.RpcV1Verifier#inspect} and {@link io.tdeguard.signature.RpcV1Verifier#verify}.
 * Time windows, nonce replay and AccessKey lookup are deliberately not here: they belong to {@code io.tdeguard.auth}.
 *
 * <p>Plain Java: no framework, nothing beyond the JDK, and no logging, so that no secret can leak from here.
 */
package io.tdeguard.signature;
