package dev.salespipeline.core.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * How well a model predicted the held-out deals, beside the simplest honest rival: always predicting
 * the training base rate. A score is worth something only where it beats that constant.
 *
 * @param model            which model
 * @param heldOutDeals     deals held out (the latest to close)
 * @param heldOutRows      predictions scored: each held-out deal as it stood at creation, on entering
 *                         each open stage and just before closing
 * @param brier            Brier score: the mean of (probability − outcome)²; lower is better, 0.25 a coin flip
 * @param baseRateBrier    the Brier score of predicting the training base rate for every row
 * @param brierSkillScore  1 − brier ÷ baseRateBrier: above 0 beats the base rate, 1 is perfect; NaN when
 *                         the held-out rows are all won or all lost
 * @param logLoss          the mean of −log(probability of what happened); lower is better
 * @param auc              the chance that a won row is scored above a lost one (ties count half): 0.5 is no
 *                         better than chance; NaN without both outcomes
 * @param reliability      ten bands of predicted probability
 */
public record ModelReport(String model, int heldOutDeals, int heldOutRows, double brier, double baseRateBrier,
                          double brierSkillScore, double logLoss, double auc, List<ReliabilityBucket> reliability) {

    public ModelReport {
        Objects.requireNonNull(model, "model");
        reliability = List.copyOf(reliability);
    }

    static ModelReport of(String model, int heldOutDeals, double[] predicted, boolean[] won, double baseRate) {
        int n = predicted.length;
        double squared = 0;
        double baseSquared = 0;
        double log = 0;
        int[] counts = new int[10];
        double[] sums = new double[10];
        int[] wins = new int[10];
        for (int row = 0; row < n; row++) {
            double outcome = won[row] ? 1 : 0;
            squared += (predicted[row] - outcome) * (predicted[row] - outcome);
            baseSquared += (baseRate - outcome) * (baseRate - outcome);
            double clipped = Math.min(1 - 1e-15, Math.max(1e-15, predicted[row]));
            log -= won[row] ? Math.log(clipped) : Math.log(1 - clipped);
            int band = Math.min(9, (int) (predicted[row] * 10));
            counts[band]++;
            sums[band] += predicted[row];
            wins[band] += won[row] ? 1 : 0;
        }
        List<ReliabilityBucket> buckets = new ArrayList<>();
        for (int band = 0; band < 10; band++) {
            buckets.add(new ReliabilityBucket(band / 10.0, (band + 1) / 10.0, counts[band],
                    counts[band] == 0 ? 0 : sums[band] / counts[band], counts[band] == 0 ? 0 : wins[band] / (double) counts[band]));
        }
        double brier = n == 0 ? Double.NaN : squared / n;
        double baseBrier = n == 0 ? Double.NaN : baseSquared / n;
        return new ModelReport(model, heldOutDeals, n, brier, baseBrier,
                baseBrier > 0 ? 1 - brier / baseBrier : Double.NaN, n == 0 ? Double.NaN : log / n,
                auc(predicted, won), buckets);
    }

    /** The Mann–Whitney statistic over ranks, ties given their average rank. */
    static double auc(double[] predicted, boolean[] won) {
        int n = predicted.length;
        Integer[] order = new Integer[n];
        for (int index = 0; index < n; index++) {
            order[index] = index;
        }
        Arrays.sort(order, Comparator.comparingDouble(index -> predicted[index]));
        double rankSumOfWins = 0;
        long positives = 0;
        int start = 0;
        while (start < n) {
            int end = start;
            while (end + 1 < n && predicted[order[end + 1]] == predicted[order[start]]) {
                end++;
            }
            double averageRank = (start + end) / 2.0 + 1;
            for (int index = start; index <= end; index++) {
                if (won[order[index]]) {
                    rankSumOfWins += averageRank;
                    positives++;
                }
            }
            start = end + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumOfWins - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
    }
}
