/**
 * The rule sandbox: the check of a rule file by grammar and allowlist ({@link
 * dev.salespipeline.rules.internal.sandbox.DrlCheck}), the canonical text that is compiled instead of the
 * file, and the guards the canonical text calls at evaluation time. Internal: nothing here is
 * compatible across versions; hosts use {@link dev.salespipeline.rules.RuleSandbox}.
 */
package dev.salespipeline.rules.internal.sandbox;
