package io.tdeguard.auth;

/** An authenticated caller: the RAM user whose AccessKey signed the request. */
public record Caller(long userId, String userName, String accountId, String accessKeyId) {

    /** {@code acs:ram::<account>:user/<name>}, the value of the condition key acs:PrincipalARN. */
    public String principalArn() {
        return "acs:ram::" + accountId + ":user/" + userName;
    }
}
