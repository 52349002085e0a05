package dev.salespipeline.rules.impact;

import dev.salespipeline.rules.outcome.Alert;
import dev.salespipeline.rules.outcome.DisqualificationRecommendation;
import dev.salespipeline.rules.outcome.RegressionRecommendation;

import java.util.List;
import java.util.Objects;

/**
 * What a candidate rule set would change on a portfolio, against the rules in force.
 *
 * @param currentVersion           the version of the rules in force
 * @param candidateVersion         the version of the candidate
 * @param openDeals                how many open deals were evaluated
 * @param decisionChanges          open deals whose next gate is decided differently, in portfolio order
 * @param criteria                 per criterion, on how many next gates the candidate adds or removes it;
 *                                 most affected first
 * @param alertsAdded              alerts only the candidate raises (compared by deal, kind and severity)
 * @param alertsRemoved            alerts only the current rules raise
 * @param regressionsAdded         regressions only the candidate recommends (by deal, target and trigger)
 * @param regressionsRemoved       regressions only the current rules recommend
 * @param disqualificationsAdded   disqualifications only the candidate recommends (by deal and ground)
 * @param disqualificationsRemoved disqualifications only the current rules recommend
 * @param current                  the pipeline if the current rules' recommendations were followed
 * @param candidate                the pipeline if the candidate's were
 */
public record ImpactReport(String currentVersion, String candidateVersion, int openDeals,
                           List<DecisionChange> decisionChanges, List<CriterionChange> criteria,
                           List<Alert> alertsAdded, List<Alert> alertsRemoved,
                           List<RegressionRecommendation> regressionsAdded,
                           List<RegressionRecommendation> regressionsRemoved,
                           List<DisqualificationRecommendation> disqualificationsAdded,
                           List<DisqualificationRecommendation> disqualificationsRemoved,
                           PipelineEffect current, PipelineEffect candidate) {

    public ImpactReport {
        Objects.requireNonNull(currentVersion, "currentVersion");
        Objects.requireNonNull(candidateVersion, "candidateVersion");
        decisionChanges = List.copyOf(decisionChanges);
        criteria = List.copyOf(criteria);
        alertsAdded = List.copyOf(alertsAdded);
        alertsRemoved = List.copyOf(alertsRemoved);
        regressionsAdded = List.copyOf(regressionsAdded);
        regressionsRemoved = List.copyOf(regressionsRemoved);
        disqualificationsAdded = List.copyOf(disqualificationsAdded);
        disqualificationsRemoved = List.copyOf(disqualificationsRemoved);
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(candidate, "candidate");
    }

    /** Whether the candidate changes any decision, alert or recommendation. */
    public boolean hasChanges() {
        return !decisionChanges.isEmpty() || !alertsAdded.isEmpty() || !alertsRemoved.isEmpty()
                || !regressionsAdded.isEmpty() || !regressionsRemoved.isEmpty()
                || !disqualificationsAdded.isEmpty() || !disqualificationsRemoved.isEmpty();
    }

    /** How many decisions changed in {@code kind}. */
    public long count(DecisionChange.Kind kind) {
        return decisionChanges.stream().filter(change -> change.kind() == kind).count();
    }
}
