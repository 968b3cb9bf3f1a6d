/**
 * How the function starts: the {@code migrate} command that applies the schema apart from the runtime
 * ({@link io.tdeguard.startup.TdeGuardMain}, {@link io.tdeguard.startup.MigrateCommand}), and the checks that stop a
 * production start which would be unsafe ({@link io.tdeguard.startup.ProductionGuard}): no TDE backend chosen, the
 * simulator without {@code tdeguard.simulator.allow-in-prod}, the demo enabled, or a database role that could disable
 * the audit log's triggers.
 */
package io.tdeguard.startup;
