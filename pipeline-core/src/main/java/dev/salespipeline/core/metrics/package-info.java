/**
 * Pipeline metrics computed from opportunities and their history, as of any instant: counts, value,
 * weighted pipeline, win rate, sales cycle, time in stage, stage conversion, regression rate, deal age,
 * velocity, coverage, required opportunities, blockers and breakdowns. Money is always per currency.
 */
package dev.salespipeline.core.metrics;
