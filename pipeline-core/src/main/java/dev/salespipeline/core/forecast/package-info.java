/**
 * Probabilities and the forecast: stage probabilities calibrated from closed history, the period
 * forecast by category in a full and a conservative variant, its Monte Carlo distribution, and
 * backtests of past forecasts against what actually closed.
 */
package dev.salespipeline.core.forecast;
