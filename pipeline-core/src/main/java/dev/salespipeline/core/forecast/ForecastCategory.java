package dev.salespipeline.core.forecast;

/** How sure the forecast is of a deal closing in the period. */
public enum ForecastCategory {
    COMMIT,
    BEST_CASE,
    PIPELINE,
    OMITTED
}
