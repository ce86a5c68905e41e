/**
 * One reader for Botasky's configuration files: the flat {@code Option=Value} file of the collector
 * and notifier ({@code /etc/pihealthd.conf}) and the INI files of the agent and the escalation
 * policy.
 *
 * <p>Every problem carries its {@link io.botasky.common.config.Source} (file and line) and is
 * collected in a {@link io.botasky.common.config.ConfigReport} so an operator sees all of them at
 * once.
 */
package io.botasky.common.config;
