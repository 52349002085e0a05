package dev.salespipeline.core.scoring;

/**
 * Calibration of a model in one band of predicted probability: of the {@code count} held-out
 * predictions in [{@code from}, {@code to}), the mean prediction and the share actually won. A
 * calibrated model has the two close together.
 *
 * @param from          lower bound (inclusive)
 * @param to            upper bound (exclusive, 1 inclusive for the last band)
 * @param count         predictions in the band
 * @param meanPredicted their mean
 * @param observedRate  the share won
 */
public record ReliabilityBucket(double from, double to, int count, double meanPredicted, double observedRate) {
}
