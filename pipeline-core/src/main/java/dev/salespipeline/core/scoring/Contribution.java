package dev.salespipeline.core.scoring;

import java.util.Objects;

/**
 * How much one feature pushed a score up or down, in log-odds relative to an average deal.
 *
 * @param feature the feature's name
 * @param value   the deal's value of it
 * @param logOdds its contribution; positive raises the probability
 */
public record Contribution(String feature, double value, double logOdds) {

    public Contribution {
        Objects.requireNonNull(feature, "feature");
    }
}
