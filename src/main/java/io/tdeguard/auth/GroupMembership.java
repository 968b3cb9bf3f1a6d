package io.tdeguard.auth;

import java.io.Serializable;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "group_membership")
public class GroupMembership extends PanacheEntityBase {

    @EmbeddedId
    public Key key;

    @Embeddable
    public record Key(@Column(name = "group_id") Long groupId, @Column(name = "user_id") Long userId)
            implements Serializable {
    }

    public static List<Long> groupIdsOf(long userId) {
        return find("key.userId", userId).<GroupMembership>list().stream().map(m -> m.key.groupId()).toList();
    }
}
