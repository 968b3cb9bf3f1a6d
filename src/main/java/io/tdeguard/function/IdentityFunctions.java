package io.tdeguard.function;

import java.util.Map;

import io.quarkus.funqy.Funq;
import io.tdeguard.application.identity.IdentityAdmin;
import io.tdeguard.web.CurrentRequest;

/** RAM's identity functions, with RAM's names and fields. Members are taken as sent and bound strictly by the use case. */
public class IdentityFunctions {

    private final IdentityAdmin admin;
    private final CurrentRequest request;

    IdentityFunctions(IdentityAdmin admin, CurrentRequest request) {
        this.admin = admin;
        this.request = request;
    }

    @Funq("CreateUser")
    public IdentityAdmin.UserResult createUser(Map<String, Object> members) {
        return admin.createUser(request.facts(), members);
    }

    @Funq("CreateGroup")
    public IdentityAdmin.GroupResult createGroup(Map<String, Object> members) {
        return admin.createGroup(request.facts(), members);
    }

    @Funq("CreateAccessKey")
    public IdentityAdmin.AccessKeyResult createAccessKey(Map<String, Object> members) {
        return admin.createAccessKey(request.facts(), members);
    }

    @Funq("DeleteAccessKey")
    public IdentityAdmin.Done deleteAccessKey(Map<String, Object> members) {
        return admin.deleteAccessKey(request.facts(), members);
    }

    @Funq("CreatePolicy")
    public IdentityAdmin.PolicyResult createPolicy(Map<String, Object> members) {
        return admin.createPolicy(request.facts(), members);
    }

    @Funq("AttachPolicyToUser")
    public IdentityAdmin.Done attachPolicyToUser(Map<String, Object> members) {
        return admin.attachPolicyToUser(request.facts(), members);
    }

    @Funq("AttachPolicyToGroup")
    public IdentityAdmin.Done attachPolicyToGroup(Map<String, Object> members) {
        return admin.attachPolicyToGroup(request.facts(), members);
    }

    @Funq("DetachPolicyFromUser")
    public IdentityAdmin.Done detachPolicyFromUser(Map<String, Object> members) {
        return admin.detachPolicyFromUser(request.facts(), members);
    }

    @Funq("DetachPolicyFromGroup")
    public IdentityAdmin.Done detachPolicyFromGroup(Map<String, Object> members) {
        return admin.detachPolicyFromGroup(request.facts(), members);
    }

    @Funq("AddUserToGroup")
    public IdentityAdmin.Done addUserToGroup(Map<String, Object> members) {
        return admin.addUserToGroup(request.facts(), members);
    }

    @Funq("RemoveUserFromGroup")
    public IdentityAdmin.Done removeUserFromGroup(Map<String, Object> members) {
        return admin.removeUserFromGroup(request.facts(), members);
    }
}
