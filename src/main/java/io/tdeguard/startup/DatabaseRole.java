package io.tdeguard.startup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the function's database role could do to the audit log beyond appending: a superuser, or a role that owns
 * (or is a member of the owner of) an audit table, can {@code ALTER TABLE ... DISABLE TRIGGER} and then rewrite it.
 */
record DatabaseRole(String name, boolean superuser, List<String> ownedAuditTables) {

    /** The audit log's tables, whose triggers refuse UPDATE, DELETE and TRUNCATE (migrations V3, V6, V11). */
    static final List<String> AUDIT_TABLES = List.of("audit_event", "audit_checkpoint", "audit_leaf", "audit_tile",
            "audit_tree_head", "audit_pending");

    boolean privileged() {
        return superuser || !ownedAuditTables.isEmpty();
    }

    static DatabaseRole of(Connection connection) throws SQLException {
        String name;
        boolean superuser;
        try (PreparedStatement query = connection.prepareStatement(
                "select current_user, rolsuper from pg_roles where rolname = current_user");
                ResultSet row = query.executeQuery()) {
            row.next();
            name = row.getString(1);
            superuser = row.getBoolean(2);
        }
        List<String> owned = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                select c.relname from pg_class c
                where c.oid in (select to_regclass(t) from unnest(?::text[]) as t)
                  and pg_has_role(current_user, c.relowner, 'MEMBER')
                order by c.relname""")) {
            query.setArray(1, connection.createArrayOf("text", AUDIT_TABLES.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    owned.add(rows.getString(1));
                }
            }
        }
        return new DatabaseRole(name, superuser, List.copyOf(owned));
    }

    /** Why this role may not run the function, for the refusal. */
    String why() {
        String what = superuser ? "is a superuser" : "owns the audit log's tables " + ownedAuditTables;
        return "the database role \"" + name + "\" " + what + ": it could disable the audit log's append-only "
                + "triggers (ALTER TABLE ... DISABLE TRIGGER) and rewrite it. Connect as the application role "
                + "(tdeguard_app of deploy/db/roles.sql, quarkus.datasource.username) and migrate with the owner "
                + "(the migrate command); only a development setup may accept it with "
                + ProductionGuard.ALLOW_PRIVILEGED_ROLE + "=true";
    }
}
