/**
 * The RAM (Alibaba Resource Access Management) policy language, version "1": parse and validate policy
 * documents with clear errors, and decide requests with the reasons for each decision. Plain Java: no
 * framework, no database; JSON is read with Jackson's tree model only.
 *
 * <h2>Using it</h2>
 * <pre>{@code
 * PolicyDocument document = PolicyDocument.parse(json);          // throws InvalidPolicyException
 * PolicySet policies = PolicySet.of(List.of(new NamedPolicy("TdeOperators", document)));
 * Decision decision = policies.evaluate(new AccessRequest("kvstore:ModifyInstanceTDE",
 *         "acs:kvstore:cn-hangzhou:1234567890:instance/r-bp1abc",
 *         Map.of("acs:SourceIp", List.of("192.0.2.10"), "kvstore:TDEStatus", List.of("Enabled"))));
 * decision.outcome();            // ALLOW, EXPLICIT_DENY or IMPLICIT_DENY
 * decision.matchedStatements();  // e.g. [TdeOperators Statement[0] (Sid "EnableFromOffice")]
 * decision.explanation();        // one line for a 403 message or an audit entry
 * }</pre>
 *
 * <h2>Two layers</h2>
 * {@link io.tdeguard.policy.Statement} answers only "does this statement apply to this request": true, false,
 * or unknown (see below). {@link io.tdeguard.policy.PolicySet} is the authorizer that combines the effects of
 * all statements of all policies of a principal as one set: any applying Deny gives
 * {@link io.tdeguard.policy.Outcome#EXPLICIT_DENY}; else any applying Allow gives
 * {@link io.tdeguard.policy.Outcome#ALLOW}; else {@link io.tdeguard.policy.Outcome#IMPLICIT_DENY}. The decision
 * names every statement that produced it (for an implicit deny, none).
 *
 * <h2>Documents</h2>
 * <ul>
 * <li>Elements: {@code Version} (exactly the string {@code "1"}) and {@code Statement} (a non-empty list); a
 *     statement has {@code Effect} ({@code Allow} or {@code Deny}), exactly one of {@code Action} and
 *     {@code NotAction}, exactly one of {@code Resource} and {@code NotResource}, and optionally
 *     {@code Condition} and {@code Sid}. Any other element, anywhere, is an error. Element names, operator
 *     names and Effect values are case-sensitive. Where a list is allowed, a single value may stand alone.</li>
 * <li>An action is {@code service:Name} or {@code *}; a resource is {@code *} or an ARN
 *     {@code acs:service:region:account:resource}. Both may use {@code *} (any run of characters, including
 *     none) and {@code ?} (exactly one character) anywhere, including the service ({@code kv*:Modify*}).
 *     Actions match case-insensitively, resources case-sensitively.</li>
 * <li>Condition values are strings, numbers or booleans, or a non-empty list of them, and must make sense
 *     for their operator: integers and booleans are read as text by string operators (a fractional number
 *     must be quoted there), numbers or numeric strings by {@code Numeric} operators, RFC 3339 date-times with
 *     an offset or epoch seconds by {@code Date} operators, {@code true}/{@code false} by {@code Bool}, and
 *     IPv4 or IPv6 addresses or CIDR blocks by {@code IpAddress}/{@code NotIpAddress}. Condition keys are
 *     {@code prefix:Name} and case-insensitive, so the same key twice under one operator is an error.</li>
 * <li>Validation collects every error, each with its JSON path
 *     ({@code Statement[2].Condition.IpAddress.acs:SourceIp[1]}) and a reason. Limits:
 *     {@link io.tdeguard.policy.PolicyDocument#MAX_DOCUMENT_LENGTH} characters without whitespace (RAM's limit
 *     for a custom policy), {@link io.tdeguard.policy.PolicyDocument#MAX_STATEMENTS} statements, and
 *     {@link io.tdeguard.policy.PolicyDocument#MAX_INPUT_LENGTH} characters of raw input.</li>
 * <li>Policy variables ({@code ${...}}) are not part of RAM's language and are matched literally.</li>
 * </ul>
 *
 * <h2>Conditions</h2>
 * <ul>
 * <li>A statement's conditions all must hold: every operator, and every key under an operator.</li>
 * <li>For one key, a positive operator holds when <em>any</em> request value matches <em>any</em> policy
 *     value. A negated operator ({@code StringNotEquals}, {@code StringNotEqualsIgnoreCase},
 *     {@code StringNotLike}, {@code NumericNotEquals}, {@code DateNotEquals}, {@code NotIpAddress}) holds when
 *     <em>no</em> request value matches <em>any</em> policy value: it is exactly the negation of its positive
 *     counterpart.</li>
 * <li><b>Missing keys.</b> A key the request does not supply (or supplies with no values) matches nothing: a
 *     positive operator does not hold, a negated one holds. So {@code "StringNotEquals":
 *     {"kvstore:TDEStatus": "Enabled"}} holds for a request without {@code kvstore:TDEStatus}: a Deny written
 *     with it also denies requests that omit the key, and an Allow written with it also allows them.</li>
 * <li><b>Malformed request values.</b> A request value that cannot be interpreted for its operator (not a
 *     number for {@code Numeric*}, not a date for {@code Date*}, neither {@code true} nor {@code false} for
 *     {@code Bool}, not an IP address for {@code IpAddress}/{@code NotIpAddress}; every text is a valid string)
 *     matches neither yes nor no: it is <em>unknown</em>, and conditions use three-valued (Kleene) logic.
 *     One rule for positive and negated operators alike: a condition is true, or false, only when it would be
 *     so whatever the malformed value had meant; otherwise it is unknown. So another request value that
 *     matches still decides ({@code IpAddress} true, {@code NotIpAddress} false), and a condition that is
 *     false elsewhere in the statement still makes the statement not apply. A statement that is left
 *     unknown is resolved conservatively by the authorizer: <b>an unknown Deny statement denies, an unknown
 *     Allow statement does not allow.</b> Hence a malformed value can never switch a Deny off nor switch an
 *     Allow on. The decision reports such statements in {@link io.tdeguard.policy.Decision#errors()} with the
 *     offending value, and an unknown Deny is among the matched statements of the explicit deny.</li>
 * <li>Strings: {@code StringEquals} is exact; {@code StringEqualsIgnoreCase} compares case-insensitively;
 *     {@code StringLike} matches {@code *} and {@code ?} wildcards, case-sensitively.</li>
 * <li>Numbers are compared exactly as decimals ({@code 1.0} equals {@code 1}); for the ordering operators the
 *     request value is on the left ({@code NumericLessThan 10} holds for a request value of 9).</li>
 * <li>Dates are compared as instants, so {@code 2026-01-01T08:00:00+08:00}, {@code 2026-01-01T00:00:00Z}
 *     and {@code 1767225600} are the same date. The engine never reads a clock: the caller supplies
 *     {@code acs:CurrentTime}, and a {@code Date} condition on it without that key follows the missing-key
 *     rule above.</li>
 * <li>{@code Bool} values are {@code true} or {@code false} in any case.</li>
 * <li>IP addresses: IPv4 and IPv6, single addresses and CIDR blocks (host bits below the prefix are ignored).
 *     IPv4 is treated as the IPv4-mapped part of IPv6 ({@code ::ffff:0:0/96}): an IPv4-mapped request address
 *     such as {@code ::ffff:192.0.2.1} matches IPv4 blocks, and an IPv6 block that covers that range (such as
 *     {@code ::/0}) matches IPv4 addresses.</li>
 * <li>Condition keys match case-insensitively; a request may supply any key. The keys this product supplies
 *     include {@code kvstore:TDEStatus}, {@code acs:SourceIp}, {@code acs:CurrentTime},
 *     {@code acs:SecureTransport}, {@code acs:MFAPresent}, {@code acs:PrincipalARN} and {@code acs:AccessId}.</li>
 * </ul>
 *
 * <h2>Case-insensitivity</h2>
 * One definition throughout (actions, condition keys, {@code IgnoreCase} operators): two texts are equal when
 * their code points are equal after {@code Character.toLowerCase(Character.toUpperCase(c))}.
 *
 * <h2>Speed</h2>
 * Documents are compiled once (wildcard patterns, CIDR blocks, dates and numbers parsed). A policy set groups
 * statements by the actions their {@code Action} element names literally, or else by the service it names,
 * so a request skips statements about other actions; request values are interpreted once per evaluation, on
 * first use. Evaluation allocates in proportion to the request and the matched statements, not to the number
 * of policies. The cost grows with the statements a request has to look at (roughly 20 ns each, plus about
 * 15 ns per condition of those whose action and resource match, on the 2-core machines this was measured
 * on); {@code src/test/java/io/tdeguard/policy/bench} measures it.
 */
package io.tdeguard.policy;
