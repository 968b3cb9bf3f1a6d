package io.tdeguard.function;

import io.quarkus.funqy.Funq;
import io.tdeguard.application.identity.IdentityAdmin;
import io.tdeguard.web.CurrentRequest;

/** RAM's identity functions, with RAM's names and fields. */
public class IdentityFunctions {

    private final IdentityAdmin admin;
    private final CurrentRequest request;

    IdentityFunctions(IdentityAdmin admin, CurrentRequest request) {
        this.admin = admin;
        this.request = request;
    }

    public record UserInput(String userName, String displayName) {
    }

    public record GroupInput(String groupName) {
    }

    public record AccessKeyInput(String userName, String userAccessKeyId) {
    }

    public record PolicyInput(String policyName, String policyDocument, String description) {
    }

    public record AttachmentInput(String policyName, String userName, String groupName) {
    }

    public record MembershipInput(String userName, String groupName) {
    }

    @Funq("CreateUser")
    public IdentityAdmin.UserResult createUser(UserInput input) {
        UserInput in = input == null ? new UserInput(null, null) : input;
        return admin.createUser(request.facts(), in.userName(), in.displayName());
    }

    @Funq("CreateGroup")
    public IdentityAdmin.GroupResult createGroup(GroupInput input) {
        return admin.createGroup(request.facts(), input == null ? null : input.groupName());
    }

    @Funq("CreateAccessKey")
    public IdentityAdmin.AccessKeyResult createAccessKey(AccessKeyInput input) {
        return admin.createAccessKey(request.facts(), input == null ? null : input.userName());
    }

    @Funq("DeleteAccessKey")
    public IdentityAdmin.Done deleteAccessKey(AccessKeyInput input) {
        AccessKeyInput in = input == null ? new AccessKeyInput(null, null) : input;
        return admin.deleteAccessKey(request.facts(), in.userName(), in.userAccessKeyId());
    }

    @Funq("CreatePolicy")
    public IdentityAdmin.PolicyResult createPolicy(PolicyInput input) {
        PolicyInput in = input == null ? new PolicyInput(null, null, null) : input;
        return admin.createPolicy(request.facts(), in.policyName(), in.policyDocument(), in.description());
    }

    @Funq("AttachPolicyToUser")
    public IdentityAdmin.Done attachPolicyToUser(AttachmentInput input) {
        AttachmentInput in = attachment(input);
        return admin.attachPolicyToUser(request.facts(), in.policyName(), in.userName());
    }

    @Funq("AttachPolicyToGroup")
    public IdentityAdmin.Done attachPolicyToGroup(AttachmentInput input) {
        AttachmentInput in = attachment(input);
        return admin.attachPolicyToGroup(request.facts(), in.policyName(), in.groupName());
    }

    @Funq("DetachPolicyFromUser")
    public IdentityAdmin.Done detachPolicyFromUser(AttachmentInput input) {
        AttachmentInput in = attachment(input);
        return admin.detachPolicyFromUser(request.facts(), in.policyName(), in.userName());
    }

    @Funq("DetachPolicyFromGroup")
    public IdentityAdmin.Done detachPolicyFromGroup(AttachmentInput input) {
        AttachmentInput in = attachment(input);
        return admin.detachPolicyFromGroup(request.facts(), in.policyName(), in.groupName());
    }

    @Funq("AddUserToGroup")
    public IdentityAdmin.Done addUserToGroup(MembershipInput input) {
        MembershipInput in = input == null ? new MembershipInput(null, null) : input;
        return admin.addUserToGroup(request.facts(), in.userName(), in.groupName());
    }

    @Funq("RemoveUserFromGroup")
    public IdentityAdmin.Done removeUserFromGroup(MembershipInput input) {
        MembershipInput in = input == null ? new MembershipInput(null, null) : input;
        return admin.removeUserFromGroup(request.facts(), in.userName(), in.groupName());
    }

    private static AttachmentInput attachment(AttachmentInput input) {
        return input == null ? new AttachmentInput(null, null, null) : input;
    }
}
