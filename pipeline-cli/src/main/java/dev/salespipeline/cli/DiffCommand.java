package dev.salespipeline.cli;

import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.metrics.MoneyTotals;
import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.examples.demo.SamplePortfolio;
import dev.salespipeline.rules.Alert;
import dev.salespipeline.rules.RuleLoadException;
import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.rules.impact.CriterionChange;
import dev.salespipeline.rules.impact.DecisionChange;
import dev.salespipeline.rules.impact.ImpactReport;
import dev.salespipeline.rules.impact.RuleImpact;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * {@code diff OLD NEW}: the impact of the rules of NEW against those of OLD on a portfolio, imported
 * ({@code --portfolio FILE}) or generated ({@code --generate N}). Exit 0 when both load, 1 when one
 * does not.
 */
final class DiffCommand {

    static final String USAGE = """
            diff OLD NEW (--portfolio FILE [--format F] [--mapping FILE] [--history FILE] | --generate N [--seed S])
                 [--as-of YYYY-MM-DD] [--json]
                what the rules of NEW would change against those of OLD (each a rules directory over the
                defaults, or the word 'defaults'): decisions that flip, alerts and recommendations added
                and removed, and the weighted pipeline and quarter forecast if recommendations are followed""";

    private DiffCommand() {
    }

    static int run(List<String> args, PrintStream out, Instant now) {
        Arguments arguments = new Arguments(args, Set.of("--portfolio", "--format", "--mapping", "--history",
                "--generate", "--seed", "--as-of"), Set.of("--json"));
        List<String> directories = arguments.positional(2, "the OLD and NEW rules directories");
        RuleSources old = sources(directories.get(0));
        RuleSources candidate = sources(directories.get(1));
        Instant asOf = arguments.option("--as-of").map(PipelineCli::date)
                .map(day -> day.atTime(12, 0).toInstant(ZoneOffset.UTC)).orElse(now);
        List<Opportunity> portfolio = portfolio(arguments, asOf);

        ImpactReport impact;
        try {
            impact = RuleImpact.builder(old, candidate).clock(Clock.fixed(asOf, ZoneOffset.UTC)).build()
                    .on(portfolio, StageAverages.fromHistory(portfolio, asOf, 20));
        } catch (RuleLoadException e) {
            out.println(e.getMessage());
            return 1;
        }
        if (arguments.flag("--json")) {
            json(out, portfolio.size(), impact);
        } else {
            text(out, portfolio.size(), impact);
        }
        return 0;
    }

    private static RuleSources sources(String directory) {
        return directory.equals("defaults") ? RuleSources.defaults()
                : RuleSources.defaults().withDirectory(PipelineCli.directory(directory));
    }

    private static List<Opportunity> portfolio(Arguments arguments, Instant asOf) {
        if (arguments.option("--portfolio").isPresent() == arguments.option("--generate").isPresent()) {
            throw new Arguments.UsageException("give the portfolio: --portfolio FILE (an export) or --generate N");
        }
        if (arguments.option("--generate").isPresent()) {
            int deals = PipelineCli.number("--generate", arguments.option("--generate").get(), 1, 100_000);
            long seed = arguments.option("--seed").map(value -> (long) PipelineCli.number("--seed", value,
                    Integer.MIN_VALUE, Integer.MAX_VALUE)).orElse(42L);
            return SamplePortfolio.generate(deals, seed, asOf);
        }
        return PipelineCli.importInput(arguments, "--portfolio").opportunities();
    }

    private static void text(PrintStream out, int deals, ImpactReport impact) {
        out.printf("%s → %s on %d deals (%d open)%n", impact.currentVersion(), impact.candidateVersion(), deals,
                impact.openDeals());
        out.printf("Next gates: %d newly blocked, %d newly allowed, %d blocked for other criteria%n",
                impact.count(DecisionChange.Kind.NEWLY_BLOCKED), impact.count(DecisionChange.Kind.NEWLY_ALLOWED),
                impact.count(DecisionChange.Kind.CRITERIA_CHANGED));
        for (CriterionChange criterion : impact.criteria()) {
            out.printf("  %s: added on %d, removed from %d%n", criterion.criterionId(), criterion.addedOn(),
                    criterion.removedFrom());
        }
        out.printf("Alerts: %d added, %d removed%n", impact.alertsAdded().size(), impact.alertsRemoved().size());
        out.printf("Regressions recommended: %d added, %d removed%n", impact.regressionsAdded().size(),
                impact.regressionsRemoved().size());
        out.printf("Disqualifications recommended: %d added, %d removed%n", impact.disqualificationsAdded().size(),
                impact.disqualificationsRemoved().size());
        out.printf("Weighted pipeline if recommendations are followed: %s → %s%n", impact.current().weighted(),
                impact.candidate().weighted());
        out.printf("Forecast %s to %s if followed: %s → %s%n", impact.current().periodStart(),
                impact.current().periodEnd(), impact.current().forecast(), impact.candidate().forecast());
        if (!impact.decisionChanges().isEmpty()) {
            out.println("Decisions that change:");
            for (DecisionChange change : impact.decisionChanges()) {
                out.printf("  %s: %s → %s%n", change.deal(), describe(change.before()), describe(change.after()));
            }
        }
        for (Alert alert : impact.alertsAdded()) {
            out.printf("  + alert %s on %s (%s)%n", alert.kind(), alert.opportunityId(), alert.severity());
        }
        for (Alert alert : impact.alertsRemoved()) {
            out.printf("  - alert %s on %s (%s)%n", alert.kind(), alert.opportunityId(), alert.severity());
        }
    }

    private static String describe(GateDecision decision) {
        return decision.isAllowed() ? "allowed" : "blocked by " + decision.unmetCriteria().stream()
                .map(UnmetCriterion::criterionId).distinct().sorted().toList();
    }

    private static void json(PrintStream out, int deals, ImpactReport impact) {
        try (JsonOut writer = new JsonOut(out)) {
            writer.write(json -> {
                json.writeStartObject();
                json.writeStringField("command", "diff");
                json.writeStringField("current", impact.currentVersion());
                json.writeStringField("candidate", impact.candidateVersion());
                json.writeNumberField("deals", deals);
                json.writeNumberField("openDeals", impact.openDeals());
                json.writeArrayFieldStart("decisionChanges");
                for (DecisionChange change : impact.decisionChanges()) {
                    json.writeStartObject();
                    json.writeStringField("deal", change.deal().value());
                    json.writeStringField("kind", change.kind().name());
                    json.writeArrayFieldStart("criteriaAdded");
                    for (String id : change.criteriaAdded()) {
                        json.writeString(id);
                    }
                    json.writeEndArray();
                    json.writeArrayFieldStart("criteriaRemoved");
                    for (String id : change.criteriaRemoved()) {
                        json.writeString(id);
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeArrayFieldStart("criteria");
                for (CriterionChange criterion : impact.criteria()) {
                    json.writeStartObject();
                    json.writeStringField("criterion", criterion.criterionId());
                    json.writeNumberField("addedOn", criterion.addedOn());
                    json.writeNumberField("removedFrom", criterion.removedFrom());
                    json.writeEndObject();
                }
                json.writeEndArray();
                alerts(json, "alertsAdded", impact.alertsAdded());
                alerts(json, "alertsRemoved", impact.alertsRemoved());
                json.writeNumberField("regressionsAdded", impact.regressionsAdded().size());
                json.writeNumberField("regressionsRemoved", impact.regressionsRemoved().size());
                json.writeNumberField("disqualificationsAdded", impact.disqualificationsAdded().size());
                json.writeNumberField("disqualificationsRemoved", impact.disqualificationsRemoved().size());
                effect(json, "ifCurrentFollowed", impact.current().weighted(), impact.current().forecast());
                effect(json, "ifCandidateFollowed", impact.candidate().weighted(), impact.candidate().forecast());
                json.writeEndObject();
            });
        }
    }

    private static void alerts(com.fasterxml.jackson.core.JsonGenerator json, String field, List<Alert> alerts)
            throws java.io.IOException {
        json.writeArrayFieldStart(field);
        for (Alert alert : alerts) {
            json.writeStartObject();
            json.writeStringField("deal", alert.opportunityId().value());
            json.writeStringField("kind", alert.kind());
            json.writeStringField("severity", alert.severity().name());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void effect(com.fasterxml.jackson.core.JsonGenerator json, String field, MoneyTotals weighted,
                               MoneyTotals forecast) throws java.io.IOException {
        json.writeObjectFieldStart(field);
        JsonOut.money(json, "weighted", weighted);
        JsonOut.money(json, "forecast", forecast);
        json.writeEndObject();
    }
}
