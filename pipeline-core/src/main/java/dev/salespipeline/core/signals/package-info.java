/**
 * Progression signals: buyer behaviour read from a deal's history that validates (or questions) its
 * progress without replacing the exit criteria. Start at {@link
 * dev.salespipeline.core.signals.ProgressionSignals}.
 */
package dev.salespipeline.core.signals;
