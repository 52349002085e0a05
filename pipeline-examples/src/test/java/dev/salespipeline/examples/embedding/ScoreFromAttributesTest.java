package dev.salespipeline.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class ScoreFromAttributesTest {

    private static final Path IMPORTS = Path.of("imports");

    /** The process closed-deals-by-attributes.py drew the outcomes from. */
    private static final Map<String, Double> INDUSTRY = Map.of("Software", 0.8, "Finance", 0.0, "Manufacturing", 0.2,
            "Health", -0.3, "Retail", -0.7);
    private static final Map<String, Double> SOURCE = Map.of("Referral", 0.9, "Inbound", 0.3, "Event", 0.0,
            "Outbound", -0.6);

    private record Deal(String id, int daysToClose, double truth, boolean won) {
    }

    @Test
    void theScoreLearntFromAttributesAloneBeatsTheBaseRateAndComesNearTheTruth() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ScoreFromAttributes.run(new PrintStream(buffer, true, StandardCharsets.UTF_8),
                IMPORTS.resolve("closed-deals-by-attributes.mapping"), IMPORTS.resolve("closed-deals-by-attributes.csv"));
        String output = buffer.toString(StandardCharsets.UTF_8);

        assertThat(output).startsWith("read 1200 rows: imported 1200 deals (1200 rows), rejected 0 deals (0 rows),"
                + " 0 problems\nheld out: the 240 deals that closed last (240 predictions)\n");
        double model = figure(output, "logistic regression +Brier (\\d\\.\\d+)");
        double naiveBayes = figure(output, "naive Bayes baseline +Brier (\\d\\.\\d+)");
        double baseRate = figure(output, "base rate +Brier (\\d\\.\\d+)");

        // The same held-out deals, worked out from the file: the latest fifth to close (the created date is
        // one constant, so by days to close, then id), scored by the probabilities that drew them.
        List<Deal> deals = deals();
        deals.sort(Comparator.comparingInt(Deal::daysToClose).thenComparing(Deal::id));
        List<Deal> heldOut = deals.subList(deals.size() - 240, deals.size());
        List<Deal> training = deals.subList(0, deals.size() - 240);
        double rate = training.stream().filter(Deal::won).count() / (double) training.size();
        double truth = heldOut.stream().mapToDouble(deal -> square(deal.truth() - (deal.won() ? 1 : 0))).average()
                .orElseThrow();
        double constant = heldOut.stream().mapToDouble(deal -> square(rate - (deal.won() ? 1 : 0))).average()
                .orElseThrow();

        assertThat(baseRate).isCloseTo(constant, org.assertj.core.data.Offset.offset(0.00005));
        assertThat(model).as("model %s, truth %s", model, truth).isLessThan(truth * 1.06).isLessThan(baseRate * 0.85);
        assertThat(naiveBayes).isLessThan(baseRate);
    }

    private static double figure(String output, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(output);
        assertThat(matcher.find()).as(pattern).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static double square(double x) {
        return x * x;
    }

    private static List<Deal> deals() throws IOException {
        List<String> lines = Files.readAllLines(IMPORTS.resolve("closed-deals-by-attributes.csv"));
        List<Deal> deals = new ArrayList<>();
        for (int index = 1; index < lines.size(); index++) {
            // Company,Industry,Employees,Lead source,Region,Amount,Days to close,Outcome
            String[] cells = lines.get(index).split(",");
            double logit = -0.2 + INDUSTRY.get(cells[1]) + SOURCE.get(cells[3])
                    + 0.6 * (Math.log10(Integer.parseInt(cells[2])) - 2) - 0.5 * (Math.log10(Double.parseDouble(cells[5])) - 4);
            // The mapping generates ids from line numbers: the header is line 1.
            deals.add(new Deal("deal-" + (index + 1), Integer.parseInt(cells[6]), 1 / (1 + Math.exp(-logit)),
                    cells[7].equals("Won")));
        }
        return deals;
    }
}
