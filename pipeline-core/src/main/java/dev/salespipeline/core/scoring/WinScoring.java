package dev.salespipeline.core.scoring;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent;
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
 * A win-probability score per open deal, learnt from the host's closed deals: a penalised logistic
 * regression over the built-in {@link DealFeatures}, the deal's value (log), its segment, region,
 * channel, source, currency and products, and whatever attributes the host names
 * ({@link #trainer()}). Categories are one-hot with rare levels pooled, numbers standardised, missing
 * values an indicator of their own; the penalty is chosen by 4-fold cross-validation on the training
 * deals.
 *
 * <p>Training rows are the deals closed (won or lost) by the instant, each as it stood at creation, on
 * entering each open stage and just before closing, labelled with the outcome; a deal created and
 * closed at once counts as it was created. Moves an import inferred ({@link StageChanged#inferred()})
 * give no row: the state they skip over is not recorded. The deals that closed last — one in five —
 * are held out whole, so {@link #report()} measures deals the model never saw, later than those it
 * learnt from, as it will be used; beside it the same held-out rows are scored by the training base
 * rate (inside each report) and by a naive-Bayes baseline ({@link #baselineReport()}).
 *
 * <p>A score reads the deal as it is passed in, at the instant given: pass {@code deal.asOf(at)} to score
 * a past instant, and train as of that instant, and nothing later reaches the score. Training is
 * deterministic: the same history gives the same model, in any order.
 *
 * <p>Immutable and thread-safe.
 */
public final class WinScoring {

    /** Share of the closed deals held out, the latest to close. */
    private static final double HELD_OUT = 0.2;
    private static final int FOLDS = 4;
    private static final double[] PENALTIES = {1e-4, 1e-3, 1e-2, 1e-1};
    private static final double SMALL_SAMPLE_PENALTY = 1e-2;

    private final StageAverages averages;
    private final FeatureSpace space;
    private final PenalisedLogistic model;
    private final double penalty;
    private final NaiveBayes baseline;
    private final ModelReport report;
    private final ModelReport baselineReport;

    private record Row(String deal, FeatureSpace.Raw raw, boolean won) {
    }

    private WinScoring(StageAverages averages, FeatureSpace space, List<Row> training, List<Row> heldOut,
                       int heldOutDeals) {
        this.averages = averages;
        this.space = space;
        double[][] x = space.fit(training.stream().map(Row::raw).toList());
        boolean[] y = outcomes(training);
        this.penalty = choosePenalty(training, x, y);
        this.model = PenalisedLogistic.fit(x, y, penalty);
        this.baseline = NaiveBayes.train(space, training.stream().map(Row::raw).toList(), y);
        double baseRate = training.stream().filter(Row::won).count() / (double) training.size();
        boolean[] heldOutOutcomes = outcomes(heldOut);
        double[] predicted = heldOut.stream().mapToDouble(row -> model.probability(space.encode(row.raw()))).toArray();
        double[] baselinePredicted = heldOut.stream().mapToDouble(row -> baseline.probability(row.raw())).toArray();
        this.report = ModelReport.of("logistic regression", heldOutDeals, predicted, heldOutOutcomes, baseRate);
        this.baselineReport = ModelReport.of("naive Bayes baseline", heldOutDeals, baselinePredicted, heldOutOutcomes,
                baseRate);
    }

    private static boolean[] outcomes(List<Row> rows) {
        boolean[] outcomes = new boolean[rows.size()];
        for (int row = 0; row < outcomes.length; row++) {
            outcomes[row] = rows.get(row).won();
        }
        return outcomes;
    }

    /** The penalty of least log loss over folds of whole deals; a fixed one for a handful of deals. */
    private static double choosePenalty(List<Row> training, double[][] x, boolean[] y) {
        long deals = training.stream().map(Row::deal).distinct().count();
        if (deals < 10L * FOLDS) {
            return SMALL_SAMPLE_PENALTY;
        }
        double best = SMALL_SAMPLE_PENALTY;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (double candidate : PENALTIES) {
            double loss = 0;
            for (int fold = 0; fold < FOLDS; fold++) {
                List<double[]> fitX = new ArrayList<>();
                List<Boolean> fitY = new ArrayList<>();
                List<Integer> test = new ArrayList<>();
                for (int row = 0; row < x.length; row++) {
                    if (Math.floorMod(training.get(row).deal().hashCode(), FOLDS) == fold) {
                        test.add(row);
                    } else {
                        fitX.add(x[row]);
                        fitY.add(y[row]);
                    }
                }
                boolean[] fitOutcomes = new boolean[fitY.size()];
                for (int row = 0; row < fitOutcomes.length; row++) {
                    fitOutcomes[row] = fitY.get(row);
                }
                PenalisedLogistic fitted = PenalisedLogistic.fit(fitX.toArray(double[][]::new), fitOutcomes, candidate);
                for (int row : test) {
                    double p = Math.min(1 - 1e-15, Math.max(1e-15, fitted.probability(x[row])));
                    loss -= y[row] ? Math.log(p) : Math.log(1 - p);
                }
            }
            if (loss < bestLoss - 1e-12) {
                bestLoss = loss;
                best = candidate;
            }
        }
        return best;
    }

    /** Trains with the built-in inputs on the deals closed by {@code asOf}. */
    public static WinScoring train(Collection<Opportunity> history, Instant asOf, StageAverages averages) {
        return trainer().train(history, asOf, averages);
    }

    /** A trainer, to name the attributes the score also learns from. */
    public static Trainer trainer() {
        return new Trainer(List.of(), List.of());
    }

    /**
     * Which of the host's attributes ({@code OpportunityDetails.attributes()}) the score learns from,
     * besides the built-in inputs. Immutable: each method returns a new trainer.
     */
    public static final class Trainer {

        private final List<String> categorical;
        private final List<String> numeric;

        private Trainer(List<String> categorical, List<String> numeric) {
            this.categorical = List.copyOf(categorical);
            this.numeric = List.copyOf(numeric);
        }

        /** Attributes whose values are categories ({@code industry = retail}): one-hot, rare levels pooled. */
        public Trainer categoricalAttributes(String... names) {
            return new Trainer(concat(categorical, names), numeric);
        }

        /** Attributes whose values are numbers ({@code employees = 250}); a value that is not one counts as missing. */
        public Trainer numericAttributes(String... names) {
            return new Trainer(categorical, concat(numeric, names));
        }

        private static List<String> concat(List<String> names, String... more) {
            List<String> all = new ArrayList<>(names);
            for (String name : Objects.requireNonNull(more, "names")) {
                if (Objects.requireNonNull(name, "name").isBlank()) {
                    throw new InvalidValueException("attribute", name, "must not be blank");
                }
                if (all.contains(name.strip())) {
                    throw new InvalidValueException("attribute", name, "must not be named twice");
                }
                all.add(name.strip());
            }
            return all;
        }

        /**
         * Trains on the deals closed by {@code asOf}.
         *
         * @throws InvalidValueException if the training deals are not both won and lost
         */
        public WinScoring train(Collection<Opportunity> history, Instant asOf, StageAverages averages) {
            Objects.requireNonNull(history, "history");
            Objects.requireNonNull(asOf, "asOf");
            Objects.requireNonNull(averages, "averages");
            List<Opportunity> closed = new ArrayList<>();
            for (Opportunity deal : history) {
                Optional<Opportunity> then = Objects.requireNonNull(deal, "history must not contain null").asOf(asOf);
                if (then.isPresent() && isClosedWonOrLost(then.get())) {
                    closed.add(then.get());
                }
            }
            // The latest to close are held out, as the score will meet deals later than those it learnt from.
            closed.sort(Comparator.comparing(Opportunity::stageEnteredAt).thenComparing(deal -> deal.id().value()));
            int heldOutDeals = closed.size() >= 10 ? (int) Math.ceil(closed.size() * HELD_OUT) : 0;
            List<Opportunity> trainingDeals = closed.subList(0, closed.size() - heldOutDeals);
            List<Opportunity> heldOutDealList = closed.subList(closed.size() - heldOutDeals, closed.size());
            int rowsPerLevel = Math.max(5, (int) Math.ceil(trainingDeals.size() * 0.005));
            FeatureSpace space = FeatureSpace.of(categorical, numeric, rowsPerLevel);
            List<Row> training = rows(trainingDeals, space, averages);
            List<Row> heldOut = rows(heldOutDealList, space, averages);
            long wins = training.stream().filter(Row::won).count();
            if (wins == 0 || wins == training.size()) {
                throw new InvalidValueException("history", training.size() + " training rows, " + wins + " won",
                        "must hold both won and lost deals to learn from");
            }
            return new WinScoring(averages, space, training, heldOut, heldOutDeals);
        }
    }

    private static List<Row> rows(List<Opportunity> deals, FeatureSpace space, StageAverages averages) {
        List<Row> rows = new ArrayList<>();
        for (Opportunity deal : deals) {
            boolean won = deal.stage().kind() == StageKind.WON;
            for (FeatureSpace.State state : states(deal, averages)) {
                rows.add(new Row(deal.id().value(), space.read(state), won));
            }
        }
        return rows;
    }

    private static boolean isClosedWonOrLost(Opportunity deal) {
        return deal.stage().kind() == StageKind.WON || deal.stage().kind() == StageKind.LOST;
    }

    /**
     * The closed deal as it stood at creation, on entering each open stage, and just before the move that
     * closed it — rebuilt from its events, so a deal created and closed in the same instant still counts —
     * leaving out what an inferred move skips over.
     */
    private static List<FeatureSpace.State> states(Opportunity closed, StageAverages averages) {
        List<OpportunityEvent> events = closed.history();
        int closing = events.size() - 1;
        while (closing > 0 && !(events.get(closing) instanceof StageChanged)) {
            closing--;
        }
        List<FeatureSpace.State> states = new ArrayList<>();
        states.add(new FeatureSpace.State(Opportunity.restore(closed.pipeline(), events.subList(0, 1)),
                closed.createdAt(), averages));
        for (int index = 1; index < closing; index++) {
            if (events.get(index) instanceof StageChanged change && !change.inferred()
                    && closed.pipeline().stage(change.to()).isOpen()) {
                states.add(new FeatureSpace.State(Opportunity.restore(closed.pipeline(), events.subList(0, index + 1)),
                        change.occurredAt(), averages));
            }
        }
        if (events.get(closing) instanceof StageChanged close && !close.inferred() && closing > 0) {
            states.add(new FeatureSpace.State(Opportunity.restore(closed.pipeline(), events.subList(0, closing)),
                    close.occurredAt(), averages));
        }
        return states;
    }

    /** The score of an open deal at {@code at}, explained by each input's contribution, largest first. */
    public WinScore score(Opportunity deal, Instant at) {
        Objects.requireNonNull(deal, "deal");
        FeatureSpace.Raw raw = space.read(new FeatureSpace.State(deal, Objects.requireNonNull(at, "at"), averages));
        double[] columns = space.encode(raw);
        double[] weights = model.weights();
        double[] byInput = new double[space.inputs().size()];
        for (int column = 0; column < columns.length; column++) {
            int input = space.columnInput().get(column);
            byInput[space.inputs().get(input).logOfPrevious() ? input - 1 : input] += weights[column] * columns[column];
        }
        List<Contribution> explanation = new ArrayList<>();
        for (int input = 0; input < byInput.length; input++) {
            FeatureSpace.Input described = space.inputs().get(input);
            if (described.logOfPrevious()) {
                continue;
            }
            explanation.add(described.numeric()
                    ? new Contribution(described.name(), raw.numbers()[input], byInput[input])
                    : new Contribution(described.name() + ": " + space.shown(raw, input), 1, byInput[input]));
        }
        explanation.sort(Comparator.comparingDouble((Contribution c) -> -Math.abs(c.logOdds()))
                .thenComparing(Contribution::feature));
        return new WinScore(deal.id(), model.probability(columns), baseline.probability(raw), explanation);
    }

    /** The logistic model on the held-out deals, beside the base rate. */
    public ModelReport report() {
        return report;
    }

    /** The naive-Bayes baseline on the same held-out deals. */
    public ModelReport baselineReport() {
        return baselineReport;
    }

    /** The penalty cross-validation chose (mean log loss + penalty ÷ 2 × |w|², on standardised columns). */
    public double penalty() {
        return penalty;
    }

    /**
     * The model's weight of each column, in log-odds per standard deviation: a number's, its missing
     * indicator's ({@code "name: (missing)"}) and each category level's ({@code "segment: enterprise"}).
     */
    public Map<String, Double> coefficients() {
        double[] weights = model.weights();
        Map<String, Double> byName = new LinkedHashMap<>();
        for (int column = 0; column < weights.length; column++) {
            byName.put(space.columnNames().get(column), weights[column]);
        }
        return byName;
    }

    /**
     * Per-input won/lost counts of the training rows, over quartile bands of numbers and the levels of
     * categories, with add-one smoothing: the approach of Odoo's predictive lead scoring, as a baseline.
     */
    private static final class NaiveBayes {

        private final FeatureSpace space;
        private final double prior;
        /** Per input: token → {won count, lost count}. */
        private final List<Map<String, double[]>> counts;

        private NaiveBayes(FeatureSpace space, double prior, List<Map<String, double[]>> counts) {
            this.space = space;
            this.prior = prior;
            this.counts = counts;
        }

        static NaiveBayes train(FeatureSpace space, List<FeatureSpace.Raw> rows, boolean[] won) {
            List<Map<String, double[]>> counts = new ArrayList<>();
            for (int input = 0; input < space.inputs().size(); input++) {
                counts.add(new LinkedHashMap<>());
            }
            double wins = 0;
            for (int row = 0; row < rows.size(); row++) {
                int label = won[row] ? 0 : 1;
                wins += won[row] ? 1 : 0;
                for (int input = 0; input < counts.size(); input++) {
                    if (space.inputs().get(input).logOfPrevious()) {
                        continue;
                    }
                    for (String token : space.tokens(rows.get(row), input)) {
                        counts.get(input).computeIfAbsent(token, key -> new double[2])[label]++;
                    }
                }
            }
            return new NaiveBayes(space, wins / rows.size(), counts);
        }

        double probability(FeatureSpace.Raw raw) {
            double logWon = Math.log(prior);
            double logLost = Math.log(1 - prior);
            for (int input = 0; input < counts.size(); input++) {
                Map<String, double[]> byToken = counts.get(input);
                double totalWon = byToken.values().stream().mapToDouble(c -> c[0]).sum();
                double totalLost = byToken.values().stream().mapToDouble(c -> c[1]).sum();
                int distinct = Math.max(1, byToken.size());
                for (String token : space.tokens(raw, input)) {
                    double[] seen = byToken.getOrDefault(token, new double[2]);
                    logWon += Math.log((seen[0] + 1) / (totalWon + distinct));
                    logLost += Math.log((seen[1] + 1) / (totalLost + distinct));
                }
            }
            return 1 / (1 + Math.exp(logLost - logWon));
        }
    }
}
