package io.tdeguard.startup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the function's database role could do to the audit log beyond appending, each a way to rewrite it: be a
 * superuser or reach one through role membership; have CREATEROLE (it can grant itself the owner's role); own, or be
 * a member of the owner of, an audit table or its schema (it can disable the append-only triggers, or drop the
 * table); hold a privilege on an audit table that its triggers are the only guard against (UPDATE, DELETE, TRUNCATE,
 * TRIGGER; DELETE on the queue {@code audit_pending} is the function's own).
 *
 * @param powers what the role could do, each phrased to follow the role's name; empty for a role fit to run the
 *               function
 */
record DatabaseRole(String name, List<String> powers) {

    /** The audit log's tables, whose triggers refuse UPDATE, DELETE and TRUNCATE (migrations V3, V6, V11). */
    static final List<String> AUDIT_TABLES = List.of("audit_event", "audit_checkpoint", "audit_leaf", "audit_tile",
            "audit_tree_head", "audit_pending");

    boolean privileged() {
        return !powers.isEmpty();
    }

    static DatabaseRole of(Connection connection) throws SQLException {
        String[] tables = AUDIT_TABLES.toArray(String[]::new);
        List<String> powers = new ArrayList<>();
        String name;
        try (PreparedStatement query = connection.prepareStatement(
                "select current_user, rolsuper, rolcreaterole from pg_roles where rolname = current_user");
                ResultSet row = query.executeQuery()) {
            row.next();
            name = row.getString(1);
            if (row.getBoolean(2)) {
                powers.add("is a superuser");
            }
            if (row.getBoolean(3)) {
                powers.add("has CREATEROLE (it can grant itself the role that owns the audit log)");
            }
        }
        List<String> superuserRoles = names(connection, """
                select rolname from pg_roles
                where rolsuper and rolname <> current_user and pg_has_role(current_user, oid, 'MEMBER')
                order by rolname""");
        if (!superuserRoles.isEmpty()) {
            powers.add("is a member of the superuser role(s) " + superuserRoles);
        }
        List<String> ownedTables = names(connection, """
                select c.relname from pg_class c
                where c.oid in (select to_regclass(t) from unnest(?::text[]) as t)
                  and pg_has_role(current_user, c.relowner, 'MEMBER')
                order by c.relname""", tables);
        if (!ownedTables.isEmpty()) {
            powers.add("owns the audit log's tables " + ownedTables);
        }
        List<String> ownedSchemas = names(connection, """
                select distinct n.nspname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where c.oid in (select to_regclass(t) from unnest(?::text[]) as t)
                  and pg_has_role(current_user, n.nspowner, 'MEMBER')
                order by n.nspname""", tables);
        if (!ownedSchemas.isEmpty()) {
            powers.add("owns the schema of the audit log's tables " + ownedSchemas
                    + " (owning the database makes a role the owner of schema public)");
        }
        List<String> grants = names(connection, """
                select t || ' ' || p from unnest(?::text[]) as t,
                    unnest(array['UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER']) as p
                where to_regclass(t) is not null and has_table_privilege(current_user, t, p)
                  and not (t = 'audit_pending' and p = 'DELETE')
                order by t, p""", tables);
        if (!grants.isEmpty()) {
            powers.add("holds privileges on the audit log's tables that only its triggers stand against " + grants);
        }
        return new DatabaseRole(name, List.copyOf(powers));
    }

    private static List<String> names(Connection connection, String sql, String... array) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            if (array.length > 0) {
                query.setArray(1, connection.createArrayOf("text", array));
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }

    /** Why this role may not run the function, for the refusal. */
    String why() {
        return "the database role \"" + name + "\" " + String.join("; ", powers) + ": it could rewrite the audit "
                + "log (disable its append-only triggers, or go around them). Connect as the application role "
                + "(tdeguard_app of deploy/db/roles.sql, quarkus.datasource.username) and migrate with the owner "
                + "(the migrate command); only a development setup may accept it with "
                + ProductionGuard.ALLOW_PRIVILEGED_ROLE + "=true";
    }
}
