package io.tdeguard.auth;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "access_key")
public class AccessKey extends PanacheEntityBase {

    public static final String ACTIVE = "Active";

    @Id
    @Column(name = "access_key_id")
    public String accessKeyId;

    @Column(name = "user_id", nullable = false)
    public Long userId;

    /** AES-GCM ciphertext of the secret (see {@link SecretCipher}); never logged, never returned after creation. */
    @Column(name = "secret_ciphertext", nullable = false)
    public byte[] secretCiphertext;

    @Column(nullable = false)
    public String status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static long countOf(long userId) {
        return count("userId", userId);
    }
}
