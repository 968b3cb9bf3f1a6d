package io.tdeguard.application.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.tdeguard.api.ApiException;
import io.tdeguard.api.RequestFacts;
import io.tdeguard.application.Invocation;
import io.tdeguard.application.Invocations;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.auth.AccessKey;
import io.tdeguard.auth.GroupMembership;
import io.tdeguard.auth.Identities;
import io.tdeguard.auth.PolicyAttachment;
import io.tdeguard.auth.RamGroup;
import io.tdeguard.auth.RamPolicy;
import io.tdeguard.auth.RamUser;
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

    /** CreateUser's members. */
    public record UserInput(String userName, String displayName) {
    }

    /** CreateGroup's members. */
    public record GroupInput(String groupName) {
    }

    /** CreateAccessKey's members. */
    public record UserRef(String userName) {
    }

    /** DeleteAccessKey's members. */
    public record AccessKeyRef(String userName, String userAccessKeyId) {
    }

    /** CreatePolicy's members: the document is a JSON string, as in RAM. */
    public record PolicyInput(String policyName, String policyDocument, String description) {
    }

    /** AttachPolicyToUser's and DetachPolicyFromUser's members. */
    public record UserAttachment(String policyName, String userName) {
    }

    /** AttachPolicyToGroup's and DetachPolicyFromGroup's members. */
    public record GroupAttachment(String policyName, String groupName) {
    }

    /** AddUserToGroup's and RemoveUserFromGroup's members. */
    public record Membership(String userName, String groupName) {
    }

    public UserResult createUser(RequestFacts request, Map<String, Object> members) {
        return call(request, members, UserInput.class, "ram:CreateUser", in -> List.of(userArn(in.userName())), (invocation, in) -> {
            String userName = in.userName();
            name("UserName", userName, PRINCIPAL_NAME);
            notReserved("UserName", userName);
            if (RamUser.findByName(userName).isPresent()) {
                throw new ApiException("EntityAlreadyExists.User", 409, "the user \"" + userName + "\" already exists");
            }
            RamUser user = identities.newUser(userName, in.displayName(), clock.instant());
            return new UserResult(invocation.requestId(), new UserView(user.userName, user.displayName, user.createdAt.toString()));
        });
    }

    public GroupResult createGroup(RequestFacts request, Map<String, Object> members) {
        return call(request, members, GroupInput.class, "ram:CreateGroup", in -> List.of(groupArn(in.groupName())), (invocation, in) -> {
            String groupName = in.groupName();
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

    public AccessKeyResult createAccessKey(RequestFacts request, Map<String, Object> members) {
        return call(request, members, UserRef.class, "ram:CreateAccessKey", in -> List.of(userArn(in.userName())), (invocation, in) -> {
            String userName = in.userName();
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

    public Done deleteAccessKey(RequestFacts request, Map<String, Object> members) {
        return call(request, members, AccessKeyRef.class, "ram:DeleteAccessKey", in -> List.of(userArn(in.userName())), (invocation, in) -> {
            String userName = in.userName();
            String accessKeyId = in.userAccessKeyId();
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

    public PolicyResult createPolicy(RequestFacts request, Map<String, Object> members) {
        return call(request, members, PolicyInput.class, "ram:CreatePolicy", in -> List.of(policyArn(in.policyName())),
                (invocation, in) -> {
                    String policyName = in.policyName();
                    String policyDocument = in.policyDocument();
                    name("PolicyName", policyName, POLICY_NAME);
                    InvalidPolicyDocuments.parse("PolicyDocument", policyDocument);
                    if (RamPolicy.findByName(policyName).isPresent()) {
                        throw new ApiException("EntityAlreadyExists.Policy", 409, "the policy \"" + policyName + "\" already exists");
                    }
                    RamPolicy policy = identities.newPolicy(policyName, policyDocument, in.description(), clock.instant());
                    return new PolicyResult(invocation.requestId(), view(policy));
                });
    }

    public Done attachPolicyToUser(RequestFacts request, Map<String, Object> members) {
        return call(request, members, UserAttachment.class, "ram:AttachPolicyToUser", in -> List.of(userArn(in.userName()), policyArn(in.policyName())),
                (invocation, in) -> attach(invocation, policy(in.policyName()), PolicyAttachment.USER, user(in.userName()).id,
                        in.userName()));
    }

    public Done attachPolicyToGroup(RequestFacts request, Map<String, Object> members) {
        return call(request, members, GroupAttachment.class, "ram:AttachPolicyToGroup", in -> List.of(groupArn(in.groupName()), policyArn(in.policyName())),
                (invocation, in) -> attach(invocation, policy(in.policyName()), PolicyAttachment.GROUP, group(in.groupName()).id,
                        in.groupName()));
    }

    public Done detachPolicyFromUser(RequestFacts request, Map<String, Object> members) {
        return call(request, members, UserAttachment.class, "ram:DetachPolicyFromUser", in -> List.of(userArn(in.userName()), policyArn(in.policyName())),
                (invocation, in) -> detach(invocation, policy(in.policyName()), PolicyAttachment.USER, user(in.userName()).id,
                        in.userName()));
    }

    public Done detachPolicyFromGroup(RequestFacts request, Map<String, Object> members) {
        return call(request, members, GroupAttachment.class, "ram:DetachPolicyFromGroup", in -> List.of(groupArn(in.groupName()), policyArn(in.policyName())),
                (invocation, in) -> detach(invocation, policy(in.policyName()), PolicyAttachment.GROUP, group(in.groupName()).id,
                        in.groupName()));
    }

    public Done addUserToGroup(RequestFacts request, Map<String, Object> members) {
        return call(request, members, Membership.class, "ram:AddUserToGroup",
                in -> List.of(groupArn(in.groupName()), userArn(in.userName())), (invocation, in) -> {
            String userName = in.userName();
            String groupName = in.groupName();
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

    public Done removeUserFromGroup(RequestFacts request, Map<String, Object> members) {
        return call(request, members, Membership.class, "ram:RemoveUserFromGroup",
                in -> List.of(groupArn(in.groupName()), userArn(in.userName())), (invocation, in) -> {
            String userName = in.userName();
            String groupName = in.groupName();
            if (!GroupMembership.deleteById(new GroupMembership.Key(group(groupName).id, user(userName).id))) {
                throw new ApiException("EntityNotExist.User.Group", 404, "the user \"" + userName
                        + "\" is not in the group \"" + groupName + "\"");
            }
            return new Done(invocation.requestId());
        });
    }

    /**
     * Runs an identity function that the caller must be allowed on every one of the resources it touches: attaching a
     * policy needs the action on the policy as well as on the user or group, so that a right to manage some users'
     * policies cannot hand anyone, oneself included, a policy it was not meant to (AdministratorAccess, say).
     */
    private <I extends Record, R> R call(RequestFacts request, Map<String, Object> members, Class<I> inputType,
            String action, Function<I, List<String>> resources, BiFunction<Invocation, I, R> body) {
        return invocations.run(request, SERVICE, EventRW.Write, members, inputType, (invocation, in) -> {
            List<String> touched = resources.apply(in);
            invocation.resource(touched.get(0));
            for (String resource : touched) {
                invocations.authorize(invocation, action, resource, Map.of());
            }
            return body.apply(invocation, in);
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
