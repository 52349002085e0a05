package dev.salespipeline.core.scoring;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged;
import dev.salespipeline.core.pipeline.StageKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A win-probability score per open deal from its characteristics ({@link DealFeatures}), trained on
 * the host's closed deals with a plain, explainable logistic regression, and reported against a
 * frequency-based naive-Bayes baseline (per-feature won/lost counts with the stage counted as
 * "reached at least", the approach of Odoo's predictive lead scoring) on the same held-out deals.
 *
 * <p>Training rows are the closed deals (won or lost as of the instant) as they stood on entering
 * each open stage and just before closing, labelled with the outcome. One deal in five, chosen by a
 * hash of its id, is held out whole (all its rows), so the report measures deals the model never saw.
 * Training is deterministic: the same history gives the same model.
 *
 * <p>Immutable and thread-safe.
 */
public final class WinScoring {

    private static final int ITERATIONS = 1_500;
    private static final double LEARNING_RATE = 0.2;
    private static final double L2 = 1e-3;

    private final StageAverages averages;
    private final double[] means;
    private final double[] scales;
    private final double[] weights;
    private final double bias;
    private final NaiveBayes baseline;
    private final ModelReport report;
    private final ModelReport baselineReport;

    private record Row(double[] features, boolean won) {
    }

    private WinScoring(StageAverages averages, List<Row> training, List<Row> heldOut) {
        this.averages = averages;
        int width = DealFeatures.NAMES.size();
        this.means = new double[width];
        this.scales = new double[width];
        for (int feature = 0; feature < width; feature++) {
            final int index = feature;
            double mean = training.stream().mapToDouble(row -> row.features()[index]).average().orElse(0);
            double variance = training.stream().mapToDouble(row -> Math.pow(row.features()[index] - mean, 2)).average().orElse(0);
            means[feature] = mean;
            scales[feature] = variance > 1e-12 ? Math.sqrt(variance) : 1;
        }
        double baseRate = training.stream().filter(Row::won).count() / (double) training.size();
        double[] w = new double[width];
        double b = Math.log(baseRate / (1 - baseRate));
        double[][] x = training.stream().map(row -> standardise(row.features())).toArray(double[][]::new);
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            double[] gradient = new double[width];
            double gradientBias = 0;
            for (int row = 0; row < x.length; row++) {
                double error = sigmoid(b + dot(w, x[row])) - (training.get(row).won() ? 1 : 0);
                for (int feature = 0; feature < width; feature++) {
                    gradient[feature] += error * x[row][feature];
                }
                gradientBias += error;
            }
            for (int feature = 0; feature < width; feature++) {
                w[feature] -= LEARNING_RATE * (gradient[feature] / x.length + L2 * w[feature]);
            }
            b -= LEARNING_RATE * gradientBias / x.length;
        }
        this.weights = w;
        this.bias = b;
        this.baseline = NaiveBayes.train(training.stream().map(Row::features).toList(),
                training.stream().map(Row::won).toList());
        double[] predicted = heldOut.stream().mapToDouble(row -> probability(row.features())).toArray();
        double[] baselinePredicted = heldOut.stream().mapToDouble(row -> baseline.probability(row.features())).toArray();
        boolean[] outcomes = new boolean[heldOut.size()];
        for (int row = 0; row < outcomes.length; row++) {
            outcomes[row] = heldOut.get(row).won();
        }
        this.report = ModelReport.of("logistic regression", predicted, outcomes);
        this.baselineReport = ModelReport.of("naive Bayes baseline", baselinePredicted, outcomes);
    }

    /**
     * Trains on the deals closed by {@code asOf}.
     *
     * @throws InvalidValueException if the training deals are not both won and lost
     */
    public static WinScoring train(Collection<Opportunity> history, Instant asOf, StageAverages averages) {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(averages, "averages");
        List<Row> training = new ArrayList<>();
        List<Row> heldOut = new ArrayList<>();
        for (Opportunity deal : history) {
            Optional<Opportunity> then = Objects.requireNonNull(deal, "history must not contain null").asOf(asOf);
            if (then.isEmpty() || !isClosedWonOrLost(then.get())) {
                continue;
            }
            boolean won = then.get().stage().kind() == StageKind.WON;
            List<Row> target = Math.floorMod(then.get().id().value().hashCode(), 5) == 0 ? heldOut : training;
            for (Instant moment : moments(then.get())) {
                then.get().asOf(moment).filter(Opportunity::isOpen)
                        .ifPresent(open -> target.add(new Row(DealFeatures.of(open, moment, averages).values(), won)));
            }
        }
        long wins = training.stream().filter(Row::won).count();
        if (wins == 0 || wins == training.size()) {
            throw new InvalidValueException("history", training.size() + " training rows, " + wins + " won",
                    "must hold both won and lost deals to learn from");
        }
        return new WinScoring(averages, training, heldOut);
    }

    private static boolean isClosedWonOrLost(Opportunity deal) {
        return deal.stage().kind() == StageKind.WON || deal.stage().kind() == StageKind.LOST;
    }

    /** On entering each open stage, and just before the deal closed. */
    private static List<Instant> moments(Opportunity deal) {
        List<Instant> moments = new ArrayList<>();
        moments.add(deal.createdAt());
        for (StageChanged change : deal.stageChanges()) {
            if (deal.pipeline().stage(change.to()).isOpen()) {
                moments.add(change.occurredAt());
            }
        }
        moments.add(deal.stageEnteredAt().minusNanos(1));
        return moments;
    }

    /** The score of an open deal at {@code at}, explained by its contributions, largest first. */
    public WinScore score(Opportunity deal, Instant at) {
        Objects.requireNonNull(deal, "deal");
        double[] features = DealFeatures.of(deal, Objects.requireNonNull(at, "at"), averages).values();
        double[] standard = standardise(features);
        List<Contribution> explanation = new ArrayList<>();
        for (int feature = 0; feature < features.length; feature++) {
            explanation.add(new Contribution(DealFeatures.NAMES.get(feature), features[feature],
                    weights[feature] * standard[feature]));
        }
        explanation.sort(Comparator.comparingDouble((Contribution c) -> -Math.abs(c.logOdds()))
                .thenComparing(Contribution::feature));
        return new WinScore(deal.id(), probability(features), baseline.probability(features), explanation);
    }

    /** The logistic model on held-out deals. */
    public ModelReport report() {
        return report;
    }

    /** The naive-Bayes baseline on the same held-out deals. */
    public ModelReport baselineReport() {
        return baselineReport;
    }

    /** The model's weight of each (standardised) feature, in log-odds per standard deviation. */
    public Map<String, Double> coefficients() {
        Map<String, Double> byName = new LinkedHashMap<>();
        for (int feature = 0; feature < weights.length; feature++) {
            byName.put(DealFeatures.NAMES.get(feature), weights[feature]);
        }
        return byName;
    }

    private double probability(double[] features) {
        return sigmoid(bias + dot(weights, standardise(features)));
    }

    private double[] standardise(double[] features) {
        double[] standard = new double[features.length];
        for (int feature = 0; feature < features.length; feature++) {
            standard[feature] = (features[feature] - means[feature]) / scales[feature];
        }
        return standard;
    }

    private static double dot(double[] left, double[] right) {
        double sum = 0;
        for (int index = 0; index < left.length; index++) {
            sum += left[index] * right[index];
        }
        return sum;
    }

    private static double sigmoid(double logOdds) {
        return 1 / (1 + Math.exp(-logOdds));
    }

    /**
     * Per-feature won/lost counts over banded values, with add-one smoothing. Stage position counts as
     * "reached at least": a deal in Proposal also counts as having reached Discovery and Qualification.
     */
    private static final class NaiveBayes {

        private static final double[][] BANDS = {
                {0.25, 0.5, 0.75},        // stage position: one flag per stage reached at least
                {1, 1.5, 2},              // time in stage vs average
                {0.5, 2.5, 5.5},          // evidence: 0, 1-2, 3-5, 6+
                {0.5, 1.5, 2.5},          // stakeholder roles: 0, 1, 2, 3+
                {7.5, 21.5},              // days since last activity: 0-7, 8-21, 22+
                {0.5, 3.5, 9.5}};         // activities: 0, 1-3, 4-9, 10+

        private final double prior;
        private final List<Map<String, double[]>> counts;

        private NaiveBayes(double prior, List<Map<String, double[]>> counts) {
            this.prior = prior;
            this.counts = counts;
        }

        static NaiveBayes train(List<double[]> rows, List<Boolean> won) {
            List<Map<String, double[]>> counts = new ArrayList<>();
            for (int feature = 0; feature < BANDS.length; feature++) {
                counts.add(new LinkedHashMap<>());
            }
            for (int row = 0; row < rows.size(); row++) {
                int label = won.get(row) ? 0 : 1;
                for (int feature = 0; feature < BANDS.length; feature++) {
                    for (String value : values(feature, rows.get(row)[feature])) {
                        counts.get(feature).computeIfAbsent(value, key -> new double[2])[label]++;
                    }
                }
            }
            double wins = won.stream().filter(Boolean::booleanValue).count();
            return new NaiveBayes(wins / won.size(), counts);
        }

        /** The band of a value; for stage position, one token per stage reached at least. */
        private static List<String> values(int feature, double value) {
            double[] bounds = BANDS[feature];
            if (feature == 0) {
                List<String> reached = new ArrayList<>(List.of("reached:0"));
                for (int bound = 0; bound < bounds.length; bound++) {
                    if (value >= bounds[bound]) {
                        reached.add("reached:" + (bound + 1));
                    }
                }
                return reached;
            }
            int band = 0;
            while (band < bounds.length && value >= bounds[band]) {
                band++;
            }
            return List.of("band:" + band);
        }

        double probability(double[] features) {
            double logWon = Math.log(prior);
            double logLost = Math.log(1 - prior);
            for (int feature = 0; feature < BANDS.length; feature++) {
                Map<String, double[]> byValue = counts.get(feature);
                double totalWon = byValue.values().stream().mapToDouble(c -> c[0]).sum();
                double totalLost = byValue.values().stream().mapToDouble(c -> c[1]).sum();
                int distinct = Math.max(1, byValue.size());
                for (String value : values(feature, features[feature])) {
                    double[] seen = byValue.getOrDefault(value, new double[2]);
                    logWon += Math.log((seen[0] + 1) / (totalWon + distinct));
                    logLost += Math.log((seen[1] + 1) / (totalLost + distinct));
                }
            }
            return 1 / (1 + Math.exp(logLost - logWon));
        }
    }
}
