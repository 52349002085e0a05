package dev.salespipeline.core.scoring;

import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Opportunity;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The inputs of the win score and how they become the model's columns. Inputs are numbers (the
 * built-in {@link DealFeatures}, the deal's value, numeric attributes, each also as the log of one plus
 * it where it is not negative) or categories (segment, region,
 * channel, source, currency, products, categorical attributes). Fitted on the training rows: a number
 * is standardised, a missing one imputed at the mean with an indicator column; a category is one-hot,
 * its levels rarer than {@link #minimumLevelCount} pooled into {@code (other)}, a missing one a level
 * {@code (missing)}. Every column is then standardised, so one penalty weighs them alike.
 */
final class FeatureSpace {

    static final String OTHER = "(other)";
    static final String MISSING = "(missing)";

    /** A deal at an instant, as the inputs read it. */
    record State(Opportunity deal, java.time.Instant at, StageAverages averages) {
    }

    /**
     * One input before encoding: a number (NaN when missing) or a list of category values (empty when
     * missing). A {@code logOfPrevious} input is the log of the input before it: the model weighs both, but
     * explanations report them as one, and the naive Bayes (whose quartile bands a log leaves unchanged)
     * counts it once.
     */
    record Input(String name, boolean numeric, Function<State, Object> read, boolean logOfPrevious) {

        Input(String name, boolean numeric, Function<State, Object> read) {
            this(name, numeric, read, false);
        }
    }

    /** One row's raw inputs, in the order of {@link #inputs}. */
    record Raw(double[] numbers, List<List<String>> categories) {
    }

    private final List<Input> inputs;
    private final int minimumLevelCount;
    // Fitted:
    private final List<String> columnNames = new ArrayList<>();
    /** The input each column belongs to. */
    private final List<Integer> columnInput = new ArrayList<>();
    private double[] numberMeans;
    private double[] numberScales;
    private boolean[] numberHasMissing;
    private List<Set<String>> keptLevels;
    private boolean[] levelsPooled;
    private boolean[] levelMissing;
    private double[] columnMeans;
    private double[] columnScales;
    /** Per numeric input, the training quartiles: the bands of the naive-Bayes baseline. */
    private double[][] quartiles;

    private FeatureSpace(List<Input> inputs, int minimumLevelCount) {
        this.inputs = List.copyOf(inputs);
        this.minimumLevelCount = minimumLevelCount;
    }

    /** The built-in inputs, then the host's attributes. */
    static FeatureSpace of(List<String> categoricalAttributes, List<String> numericAttributes, int minimumLevelCount) {
        List<Input> inputs = new ArrayList<>();
        for (int index = 0; index < DealFeatures.NAMES.size(); index++) {
            int feature = index;
            inputs.add(new Input(DealFeatures.NAMES.get(index), true,
                    state -> DealFeatures.of(state.deal(), state.at(), state.averages()).values()[feature]));
        }
        inputs.add(new Input("value (log)", true,
                state -> Math.log1p(Math.max(0, state.deal().details().value().amount().amount().doubleValue()))));
        inputs.add(category("segment", state -> state.deal().details().segment().stream().toList()));
        inputs.add(category("region", state -> state.deal().details().region().stream().toList()));
        inputs.add(category("channel", state -> state.deal().details().channel().stream().toList()));
        inputs.add(category("source", state -> state.deal().details().source().stream().toList()));
        inputs.add(category("currency", state -> List.of(
                state.deal().details().value().amount().currency().getCurrencyCode())));
        inputs.add(category("products", state -> List.copyOf(new TreeSet<>(state.deal().details().products()))));
        for (String name : categoricalAttributes) {
            inputs.add(category(name, state -> {
                String value = state.deal().details().attributes().get(name);
                return value == null || value.isBlank() ? List.of() : List.of(value.strip());
            }));
        }
        for (String name : numericAttributes) {
            inputs.add(new Input(name, true, state -> number(state.deal().details().attributes().get(name))));
            // Sizes and counts (employees, seats, revenue) act on the odds by their order of magnitude more
            // often than linearly; with both columns, the penalty keeps whichever the data supports.
            inputs.add(new Input(name + " (log)", true, state -> {
                double value = number(state.deal().details().attributes().get(name));
                return value >= 0 ? Math.log1p(value) : Double.NaN;
            }, true));
        }
        return new FeatureSpace(inputs, minimumLevelCount);
    }

    private static Input category(String name, Function<State, List<String>> read) {
        return new Input(name, false, read::apply);
    }

    /** A numeric attribute's value; NaN when absent or not a number, which then counts as missing. */
    private static double number(String text) {
        if (text == null || text.isBlank()) {
            return Double.NaN;
        }
        try {
            return new BigDecimal(text.strip()).doubleValue();
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    List<Input> inputs() {
        return inputs;
    }

    Raw read(State state) {
        double[] numbers = new double[inputs.size()];
        List<List<String>> categories = new ArrayList<>();
        for (int index = 0; index < inputs.size(); index++) {
            Input input = inputs.get(index);
            Object value = input.read().apply(state);
            if (input.numeric()) {
                numbers[index] = (Double) value;
                categories.add(List.of());
            } else {
                numbers[index] = Double.NaN;
                @SuppressWarnings("unchecked")
                List<String> levels = (List<String>) value;
                categories.add(levels);
            }
        }
        return new Raw(numbers, categories);
    }

    /** Learns the encoding from the training rows; returns their encoded, standardised columns. */
    double[][] fit(List<Raw> rows) {
        int width = inputs.size();
        numberMeans = new double[width];
        numberScales = new double[width];
        numberHasMissing = new boolean[width];
        quartiles = new double[width][];
        keptLevels = new ArrayList<>();
        levelsPooled = new boolean[width];
        levelMissing = new boolean[width];
        for (int index = 0; index < width; index++) {
            Input input = inputs.get(index);
            if (input.numeric()) {
                int feature = index;
                double[] present = rows.stream().mapToDouble(row -> row.numbers()[feature]).filter(value -> !Double.isNaN(value))
                        .toArray();
                numberHasMissing[index] = present.length < rows.size();
                numberMeans[index] = Arrays.stream(present).average().orElse(0);
                double mean = numberMeans[index];
                double variance = Arrays.stream(present).map(value -> (value - mean) * (value - mean)).average().orElse(0);
                numberScales[index] = variance > 1e-12 ? Math.sqrt(variance) : 1;
                double[] sorted = present.clone();
                Arrays.sort(sorted);
                quartiles[index] = sorted.length == 0 ? new double[0]
                        : new double[] {sorted[sorted.length / 4], sorted[sorted.length / 2], sorted[3 * sorted.length / 4]};
                columnNames.add(input.name());
                columnInput.add(index);
                if (numberHasMissing[index]) {
                    columnNames.add(input.name() + ": " + MISSING);
                    columnInput.add(index);
                }
                keptLevels.add(Set.of());
            } else {
                Map<String, Integer> counts = new TreeMap<>();
                boolean missing = false;
                for (Raw row : rows) {
                    List<String> levels = row.categories().get(index);
                    missing |= levels.isEmpty();
                    levels.forEach(level -> counts.merge(level, 1, Integer::sum));
                }
                Set<String> kept = new TreeSet<>();
                boolean pooled = false;
                for (Map.Entry<String, Integer> level : counts.entrySet()) {
                    if (level.getValue() >= minimumLevelCount) {
                        kept.add(level.getKey());
                    } else {
                        pooled = true;
                    }
                }
                keptLevels.add(kept);
                for (String level : kept) {
                    columnNames.add(input.name() + ": " + level);
                    columnInput.add(index);
                }
                levelsPooled[index] = pooled;
                levelMissing[index] = missing;
                if (pooled) {
                    columnNames.add(input.name() + ": " + OTHER);
                    columnInput.add(index);
                }
                if (missing) {
                    columnNames.add(input.name() + ": " + MISSING);
                    columnInput.add(index);
                }
            }
        }
        double[][] unscaled = rows.stream().map(this::unscaled).toArray(double[][]::new);
        int columns = columnNames.size();
        columnMeans = new double[columns];
        columnScales = new double[columns];
        for (int column = 0; column < columns; column++) {
            double sum = 0;
            for (double[] row : unscaled) {
                sum += row[column];
            }
            double mean = unscaled.length == 0 ? 0 : sum / unscaled.length;
            double squares = 0;
            for (double[] row : unscaled) {
                squares += (row[column] - mean) * (row[column] - mean);
            }
            double variance = unscaled.length == 0 ? 0 : squares / unscaled.length;
            columnMeans[column] = mean;
            // A constant column carries nothing; a scale of 0 would divide by zero, so it stays at 0.
            columnScales[column] = variance > 1e-12 ? Math.sqrt(variance) : 0;
        }
        double[][] encoded = new double[unscaled.length][];
        for (int row = 0; row < unscaled.length; row++) {
            encoded[row] = standardise(unscaled[row]);
        }
        return encoded;
    }

    /** The row's columns, standardised as in training. */
    double[] encode(Raw raw) {
        return standardise(unscaled(raw));
    }

    private double[] standardise(double[] unscaled) {
        double[] standard = new double[unscaled.length];
        for (int column = 0; column < unscaled.length; column++) {
            standard[column] = columnScales[column] == 0 ? 0 : (unscaled[column] - columnMeans[column]) / columnScales[column];
        }
        return standard;
    }

    private double[] unscaled(Raw raw) {
        double[] columns = new double[columnNames.size()];
        int column = 0;
        for (int index = 0; index < inputs.size(); index++) {
            if (inputs.get(index).numeric()) {
                double value = raw.numbers()[index];
                boolean missing = Double.isNaN(value);
                columns[column++] = missing ? 0 : (value - numberMeans[index]) / numberScales[index];
                if (numberHasMissing[index]) {
                    columns[column++] = missing ? 1 : 0;
                }
            } else {
                Set<String> kept = keptLevels.get(index);
                List<String> levels = raw.categories().get(index);
                for (String level : kept) {
                    columns[column++] = levels.contains(level) ? 1 : 0;
                }
                if (levelsPooled[index]) {
                    // A level never seen in training is as rare as a pooled one.
                    columns[column++] = levels.stream().anyMatch(level -> !kept.contains(level)) ? 1 : 0;
                }
                if (levelMissing[index]) {
                    columns[column++] = levels.isEmpty() ? 1 : 0;
                }
            }
        }
        return columns;
    }

    List<String> columnNames() {
        return columnNames;
    }

    List<Integer> columnInput() {
        return columnInput;
    }

    /**
     * The tokens the naive-Bayes baseline counts for one input of a row: a number's quartile band (or
     * missing), a category's levels as encoded (rare ones as {@code (other)}, none as missing).
     */
    List<String> tokens(Raw raw, int input) {
        if (inputs.get(input).numeric()) {
            double value = raw.numbers()[input];
            if (Double.isNaN(value)) {
                return List.of(MISSING);
            }
            int band = 0;
            while (band < quartiles[input].length && value > quartiles[input][band]) {
                band++;
            }
            return List.of("band " + band);
        }
        List<String> levels = raw.categories().get(input);
        if (levels.isEmpty()) {
            return List.of(MISSING);
        }
        Set<String> kept = keptLevels.get(input);
        return levels.stream().map(level -> kept.contains(level) ? level : OTHER).distinct().toList();
    }

    /** How the deal's value of one input reads in an explanation: the number, or its levels. */
    String shown(Raw raw, int input) {
        if (inputs.get(input).numeric()) {
            double value = raw.numbers()[input];
            return Double.isNaN(value) ? MISSING : Double.toString(value);
        }
        List<String> levels = raw.categories().get(input);
        return levels.isEmpty() ? MISSING : String.join(", ", levels);
    }
}
