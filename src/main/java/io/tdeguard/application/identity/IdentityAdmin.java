package io.tdeguard.application.identity;

import io.tdeguard.api.RequestFacts;
import io.tdeguard.auth.AccessKey;
import io.tdeguard.auth.GroupMembership;
import io.tdeguard.auth.Identities;
import io.tdeguard.auth.PolicyAttachment;
import io.tdeguard.auth.RamGroup;
import io.tdeguard.auth.RamPolicy;
import io.tdeguard.auth.RamUser;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.tdeguard.api.ApiException;
import io.tdeguard.application.Invocation;
import io.tdeguard.application.Invocations;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.config.TdeGuardConfig;

/**
 * RAM's identity functions, with RAM's names, fields and error codes: users, groups, AccessKeys, policies and
 * attachments. Each is itself permission-checked (ram:CreateUser on the user's ARN, …) and audited.
 */
@ApplicationScoped
public class IdentityAdmin {

    static final String SERVICE = "ram";
    static final int MAX_ACCESS_KEYS_PER_USER = 2;
    static final String RESERVED_PREFIX = "tdeguard-";
    private static final Pattern PRINCIPAL_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern POLICY_NAME = Pattern.compile("[A-Za-z0-9-]{1,128}");

    private final Invocations invocations;
    private final Identities identities;
    private final TdeGuardConfig config;
    private final Clock clock;

    IdentityAdmin(Invocations invocations, Identities identities, TdeGuardConfig config,
            Clock clock) {
        this.invocations = invocations;
        this.identities = identities;
        this.config = config;
        this.clock = clock;
    }

    public record UserView(String userName, String displayName, String createDate) {
    }

    public record GroupView(String groupName, String createDate) {
    }

    public record PolicyView(String policyName, String policyType, String description, String defaultVersion,
            String createDate) {
    }

    public record AccessKeyView(String accessKeyId, String accessKeySecret, String status, String createDate) {
    }

    public record UserResult(String requestId, UserView user) {
    }

    public record GroupResult(String requestId, GroupView group) {
    }

    public record PolicyResult(String requestId, PolicyView policy) {
    }

    public record AccessKeyResult(String requestId, AccessKeyView accessKey) {
    }

    public record Done(String requestId) {
    }

    public UserResult createUser(RequestFacts request, String userName, String displayName) {
        return call(request, "ram:CreateUser", userArn(userName), params("UserName", userName, "DisplayName", displayName), invocation -> {
            name("UserName", userName, PRINCIPAL_NAME);
            notReserved("UserName", userName);
            if (RamUser.findByName(userName).isPresent()) {
                throw new ApiException("EntityAlreadyExists.User", 409, "the user \"" + userName + "\" already exists");
            }
            RamUser user = identities.newUser(userName, displayName, clock.instant());
            return new UserResult(invocation.requestId(), new UserView(user.userName, user.displayName, user.createdAt.toString()));
        });
    }

    public GroupResult createGroup(RequestFacts request, String groupName) {
        return call(request, "ram:CreateGroup", groupArn(groupName), params("GroupName", groupName), invocation -> {
            name("GroupName", groupName, PRINCIPAL_NAME);
            notReserved("GroupName", groupName);
            if (RamGroup.findByName(groupName).isPresent()) {
                throw new ApiException("EntityAlreadyExists.Group", 409, "the group \"" + groupName + "\" already exists");
            }
            RamGroup group = new RamGroup();
            group.groupName = groupName;
            group.createdAt = clock.instant();
            group.persist();
            return new GroupResult(invocation.requestId(), new GroupView(group.groupName, group.createdAt.toString()));
        });
    }

    public AccessKeyResult createAccessKey(RequestFacts request, String userName) {
        return call(request, "ram:CreateAccessKey", userArn(userName), params("UserName", userName), invocation -> {
            RamUser user = user(userName);
            if (AccessKey.countOf(user.id) >= MAX_ACCESS_KEYS_PER_USER) {
                throw new ApiException("LimitExceeded.User.AccessKey", 409, "the user \"" + userName + "\" already has "
                        + MAX_ACCESS_KEYS_PER_USER + " AccessKeys: delete one first");
            }
            String secret = Identities.random(30);
            AccessKey key = identities.newAccessKey(user, "LTAI" + Identities.random(20), secret, clock.instant());
            invocation.response(Map.of("AccessKeyId", key.accessKeyId));
            return new AccessKeyResult(invocation.requestId(),
                    new AccessKeyView(key.accessKeyId, secret, key.status, key.createdAt.toString()));
        });
    }

    public Done deleteAccessKey(RequestFacts request, String userName, String accessKeyId) {
        return call(request, "ram:DeleteAccessKey", userArn(userName), params("UserName", userName, "UserAccessKeyId", accessKeyId), invocation -> {
            RamUser user = user(userName);
            required("UserAccessKeyId", accessKeyId);
            long deleted = AccessKey.delete("accessKeyId = ?1 AND userId = ?2", accessKeyId, user.id);
            if (deleted == 0) {
                throw new ApiException("EntityNotExist.User.AccessKey", 404, "the user \"" + userName
                        + "\" has no AccessKey \"" + accessKeyId + "\"");
            }
            return new Done(invocation.requestId());
        });
    }

    public PolicyResult createPolicy(RequestFacts request, String policyName, String policyDocument, String description) {
        return call(request, "ram:CreatePolicy", policyArn(policyName),
                params("PolicyName", policyName, "PolicyDocument", policyDocument, "Description", description), invocation -> {
                    name("PolicyName", policyName, POLICY_NAME);
                    InvalidPolicyDocuments.parse("PolicyDocument", policyDocument);
                    if (RamPolicy.findByName(policyName).isPresent()) {
                        throw new ApiException("EntityAlreadyExists.Policy", 409, "the policy \"" + policyName + "\" already exists");
                    }
                    RamPolicy policy = identities.newPolicy(policyName, policyDocument, description, clock.instant());
                    return new PolicyResult(invocation.requestId(), view(policy));
                });
    }

    public Done attachPolicyToUser(RequestFacts request, String policyName, String userName) {
        return call(request, "ram:AttachPolicyToUser", List.of(userArn(userName), policyArn(policyName)), params("PolicyName", policyName, "UserName", userName),
                invocation -> attach(invocation, policy(policyName), PolicyAttachment.USER, user(userName).id, userName));
    }

    public Done attachPolicyToGroup(RequestFacts request, String policyName, String groupName) {
        return call(request, "ram:AttachPolicyToGroup", List.of(groupArn(groupName), policyArn(policyName)), params("PolicyName", policyName, "GroupName", groupName),
                invocation -> attach(invocation, policy(policyName), PolicyAttachment.GROUP, group(groupName).id, groupName));
    }

    public Done detachPolicyFromUser(RequestFacts request, String policyName, String userName) {
        return call(request, "ram:DetachPolicyFromUser", List.of(userArn(userName), policyArn(policyName)), params("PolicyName", policyName, "UserName", userName),
                invocation -> detach(invocation, policy(policyName), PolicyAttachment.USER, user(userName).id, userName));
    }

    public Done detachPolicyFromGroup(RequestFacts request, String policyName, String groupName) {
        return call(request, "ram:DetachPolicyFromGroup", List.of(groupArn(groupName), policyArn(policyName)), params("PolicyName", policyName, "GroupName", groupName),
                invocation -> detach(invocation, policy(policyName), PolicyAttachment.GROUP, group(groupName).id, groupName));
    }

    public Done addUserToGroup(RequestFacts request, String userName, String groupName) {
        return call(request, "ram:AddUserToGroup", List.of(groupArn(groupName), userArn(userName)), params("UserName", userName, "GroupName", groupName), invocation -> {
            GroupMembership.Key key = new GroupMembership.Key(group(groupName).id, user(userName).id);
            if (GroupMembership.findById(key) != null) {
                throw new ApiException("EntityAlreadyExists.User.Group", 409, "the user \"" + userName
                        + "\" is already in the group \"" + groupName + "\"");
            }
            GroupMembership membership = new GroupMembership();
            membership.key = key;
            membership.persist();
            return new Done(invocation.requestId());
        });
    }

    public Done removeUserFromGroup(RequestFacts request, String userName, String groupName) {
        return call(request, "ram:RemoveUserFromGroup", List.of(groupArn(groupName), userArn(userName)), params("UserName", userName, "GroupName", groupName), invocation -> {
            if (!GroupMembership.deleteById(new GroupMembership.Key(group(groupName).id, user(userName).id))) {
                throw new ApiException("EntityNotExist.User.Group", 404, "the user \"" + userName
                        + "\" is not in the group \"" + groupName + "\"");
            }
            return new Done(invocation.requestId());
        });
    }

    private <R> R call(RequestFacts request, String action, String resource, Map<String, Object> parameters, Function<Invocation, R> body) {
        return call(request, action, List.of(resource), parameters, body);
    }

    /**
     * Runs an identity function that the caller must be allowed on every one of the resources it touches: attaching a
     * policy needs the action on the policy as well as on the user or group, so that a right to manage some users'
     * policies cannot hand anyone, oneself included, a policy it was not meant to (AdministratorAccess, say).
     */
    private <R> R call(RequestFacts request, String action, List<String> resources, Map<String, Object> parameters, Function<Invocation, R> body) {
        return invocations.run(request, SERVICE, EventRW.Write, invocation -> {
            invocation.parameters(parameters).resource(resources.get(0));
            for (String resource : resources) {
                invocations.authorize(invocation, action, resource, Map.of());
            }
            return body.apply(invocation);
        });
    }

    private Done attach(Invocation invocation, RamPolicy policy, String type, long principalId, String principalName) {
        PolicyAttachment.Key key = new PolicyAttachment.Key(policy.id, type, principalId);
        if (PolicyAttachment.findById(key) != null) {
            throw new ApiException("EntityAlreadyExists." + type + ".Policy", 409, "the policy \"" + policy.policyName
                    + "\" is already attached to the " + type.toLowerCase() + " \"" + principalName + "\"");
        }
        identities.attach(policy, type, principalId);
        return new Done(invocation.requestId());
    }

    private Done detach(Invocation invocation, RamPolicy policy, String type, long principalId, String principalName) {
        if (!PolicyAttachment.deleteById(new PolicyAttachment.Key(policy.id, type, principalId))) {
            throw new ApiException("EntityNotExist." + type + ".Policy", 404, "the policy \"" + policy.policyName
                    + "\" is not attached to the " + type.toLowerCase() + " \"" + principalName + "\"");
        }
        return new Done(invocation.requestId());
    }

    private static RamUser user(String userName) {
        required("UserName", userName);
        return RamUser.findByName(userName).orElseThrow(() -> new ApiException("EntityNotExist.User", 404,
                "the user \"" + userName + "\" does not exist"));
    }

    private static RamGroup group(String groupName) {
        required("GroupName", groupName);
        return RamGroup.findByName(groupName).orElseThrow(() -> new ApiException("EntityNotExist.Group", 404,
                "the group \"" + groupName + "\" does not exist"));
    }

    private static RamPolicy policy(String policyName) {
        required("PolicyName", policyName);
        return RamPolicy.findByName(policyName).orElseThrow(() -> new ApiException("EntityNotExist.Policy", 404,
                "the policy \"" + policyName + "\" does not exist"));
    }

    private static PolicyView view(RamPolicy policy) {
        return new PolicyView(policy.policyName, "Custom", policy.description, "v" + policy.defaultVersion,
                policy.createdAt.toString());
    }

    private static void required(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw ApiException.missingParameter(name);
        }
    }

    private static void name(String parameter, String value, Pattern format) {
        required(parameter, value);
        if (!format.matcher(value).matches()) {
            throw ApiException.invalidParameter(parameter, "\"" + value + "\" does not match " + format.pattern());
        }
    }

    /** Names of TDE Guard's own identities (such as the reconciler) cannot be taken by a user or group. */
    private static void notReserved(String parameter, String value) {
        if (value.toLowerCase(Locale.ROOT).startsWith(RESERVED_PREFIX)) {
            throw ApiException.invalidParameter(parameter, "names starting with \"" + RESERVED_PREFIX
                    + "\" are reserved for TDE Guard's own identities");
        }
    }

    private static Map<String, Object> params(String... namesAndValues) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return parameters;
    }

    private String userArn(String userName) {
        return "acs:ram::" + config.accountId() + ":user/" + userName;
    }

    private String groupArn(String groupName) {
        return "acs:ram::" + config.accountId() + ":group/" + groupName;
    }

    private String policyArn(String policyName) {
        return "acs:ram::" + config.accountId() + ":policy/" + policyName;
    }
}
