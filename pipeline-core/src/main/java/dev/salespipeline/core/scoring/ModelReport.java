package dev.salespipeline.core.scoring;

import java.util.List;
import java.util.Objects;

/**
 * How well a model predicted the held-out deals: the Brier score (mean squared error of the
 * probability against the 0/1 outcome; lower is better, 0.25 is a coin flip) and reliability by band.
 *
 * @param model       which model
 * @param heldOutRows predictions scored
 * @param brier       Brier score
 * @param reliability ten bands of predicted probability
 */
public record ModelReport(String model, int heldOutRows, double brier, List<ReliabilityBucket> reliability) {

    public ModelReport {
        Objects.requireNonNull(model, "model");
        reliability = List.copyOf(reliability);
    }

    static ModelReport of(String model, double[] predicted, boolean[] won) {
        double squared = 0;
        int[] counts = new int[10];
        double[] sums = new double[10];
        int[] wins = new int[10];
        for (int row = 0; row < predicted.length; row++) {
            double outcome = won[row] ? 1 : 0;
            squared += (predicted[row] - outcome) * (predicted[row] - outcome);
            int band = Math.min(9, (int) (predicted[row] * 10));
            counts[band]++;
            sums[band] += predicted[row];
            wins[band] += won[row] ? 1 : 0;
        }
        List<ReliabilityBucket> buckets = new java.util.ArrayList<>();
        for (int band = 0; band < 10; band++) {
            buckets.add(new ReliabilityBucket(band / 10.0, (band + 1) / 10.0, counts[band],
                    counts[band] == 0 ? 0 : sums[band] / counts[band], counts[band] == 0 ? 0 : wins[band] / (double) counts[band]));
        }
        return new ModelReport(model, predicted.length, predicted.length == 0 ? Double.NaN : squared / predicted.length,
                buckets);
    }
}
