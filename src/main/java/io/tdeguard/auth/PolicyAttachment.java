package io.tdeguard.auth;

import java.io.Serializable;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "policy_attachment")
public class PolicyAttachment extends PanacheEntityBase {

    public static final String USER = "User";
    public static final String GROUP = "Group";

    @EmbeddedId
    public Key key;

    @Embeddable
    public record Key(@Column(name = "policy_id") Long policyId,
            @Column(name = "principal_type") String principalType,
            @Column(name = "principal_id") Long principalId) implements Serializable {
    }
}
