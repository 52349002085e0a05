/**
 * Scenario tests for rules, in plain text an analyst writes without Java: given a deal, when it asks
 * to advance, is swept for alerts or is reviewed, then this outcome. {@link
 * dev.salespipeline.rules.scenario.ScenarioRunner} runs a folder of them against a rule set, from JUnit
 * or from the command line, and reports each failure with its file and line. docs/rules-guide.md
 * describes the language.
 */
package dev.salespipeline.rules.scenario;
