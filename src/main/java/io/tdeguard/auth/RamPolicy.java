package io.tdeguard.auth;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "ram_policy")
public class RamPolicy extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "policy_name", nullable = false, unique = true)
    public String policyName;

    public String description;

    /** The document as the author sent it; it was validated when it was stored. */
    @Column(name = "policy_document", nullable = false)
    public String policyDocument;

    @Column(name = "default_version", nullable = false)
    public int defaultVersion;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static Optional<RamPolicy> findByName(String policyName) {
        return find("policyName", policyName).firstResultOptional();
    }
}
