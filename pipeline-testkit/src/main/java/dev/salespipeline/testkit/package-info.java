/**
 * The host test kit: {@link dev.salespipeline.testkit.PipelineGenerators} makes deals for property
 * tests, and {@link dev.salespipeline.testkit.GateProperties} checks the invariants every set of gate
 * rules should keep (monotonicity, determinism, order independence, no advance with an unmet
 * criterion, skips pass every skipped gate, regression never forward). Add it with test scope.
 */
package dev.salespipeline.testkit;
