package dev.salespipeline.cli;

import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.metrics.MoneyTotals;
import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.rules.RuleLoadException;
import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.rules.impact.CriterionChange;
import dev.salespipeline.rules.impact.DecisionChange;
import dev.salespipeline.rules.impact.ImpactReport;
import dev.salespipeline.rules.impact.RuleImpact;
import dev.salespipeline.rules.outcome.Alert;
import dev.salespipeline.testkit.SamplePortfolio;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code diff OLD NEW}: the impact of the rules of NEW against those of OLD on a portfolio, imported
 * ({@code --portfolio FILE}) or generated ({@code --generate N}). Exit 0 when both load, 1 when one
 * does not.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "What the rules of NEW would change against those of OLD (each a rules directory over the"
                + " defaults, or the word 'defaults'): decisions that flip, alerts and recommendations added and"
                + " removed, and the weighted pipeline and quarter forecast if recommendations are followed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:both rule sets load; the difference is reported", "1:a rule set does not load",
                "2:bad usage or unreadable input"})
final class DiffCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "the rules in force: a directory, or 'defaults'")
    private String old;

    @Parameters(index = "1", paramLabel = "NEW", description = "the candidate rules: a directory, or 'defaults'")
    private String candidate;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Portfolio portfolio;

    /** Where the deals come from: an export or the generator. */
    static final class Portfolio {
        @Option(names = "--portfolio", paramLabel = "FILE", required = true, description = "a CRM export to run on")
        Path file;

        @Option(names = "--generate", paramLabel = "N", required = true,
                description = "generate N deals (1 to 100000) instead")
        Integer generate;

        @Option(names = "--db", paramLabel = "URL", required = true, description = "or the deals of a store: a"
                + " jdbc:postgresql: or jdbc:h2: URL (see docs/storage.md)")
        String database;
    }

    @Mixin
    private Inputs.ExportOptions export = new Inputs.ExportOptions();

    @Option(names = "--seed", paramLabel = "S", description = "the generator's seed (default 42)")
    private long seed = 42;

    @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "the day the rules judge (default today, UTC)")
    private LocalDate asOf;

    @Option(names = "--json", description = "write one JSON document instead of text")
    private boolean json;

    private final PrintStream out;
    private final Clock clock;

    DiffCommand(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        CommandLine command = spec.commandLine();
        RuleSources current = Inputs.rules(command, old);
        RuleSources proposed = Inputs.rules(command, candidate);
        Instant at = asOf != null ? Inputs.noonOf(asOf) : clock.instant();
        List<Opportunity> deals;
        if (portfolio.generate != null) {
            if (portfolio.generate < 1 || portfolio.generate > 100_000) {
                throw new ParameterException(command, "--generate must be between 1 and 100000, but was "
                        + portfolio.generate);
            }
            deals = SamplePortfolio.generate(portfolio.generate, seed, at);
        } else if (portfolio.database != null) {
            deals = Inputs.fromDatabase(command, portfolio.database);
        } else {
            deals = export.read(command, "--portfolio", portfolio.file).opportunities();
        }
        ImpactReport impact;
        try {
            impact = RuleImpact.builder(current, proposed).clock(Clock.fixed(at, ZoneOffset.UTC)).build()
                    .on(deals, StageAverages.fromHistory(deals, at, 20));
        } catch (RuleLoadException e) {
            out.println(e.getMessage());
            return PipelineCli.FINDINGS;
        }
        if (json) {
            json(out, deals.size(), impact);
        } else {
            text(out, deals.size(), impact);
        }
        return PipelineCli.OK;
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
