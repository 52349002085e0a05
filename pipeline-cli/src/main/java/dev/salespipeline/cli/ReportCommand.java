package dev.salespipeline.cli;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.view.OrgStructure;
import dev.salespipeline.core.view.PipelineView;
import dev.salespipeline.core.view.Viewer;
import dev.salespipeline.importing.ImportResult;
import dev.salespipeline.report.DashboardOptions;
import dev.salespipeline.report.HealthReport;
import dev.salespipeline.report.HtmlReport;
import dev.salespipeline.report.JsonReport;
import dev.salespipeline.report.TextReport;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleLoadException;
import dev.salespipeline.rules.RuleSources;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code report --input FILE} or {@code --db URL}: the pipeline health report on a CRM export or a store, as
 * text with the HTML dashboard,
 * or as JSON. Exit 0 when something was imported, 1 when nothing was or the rules do not load.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "The pipeline health report on a CRM export (see docs/importing.md) or a store (see"
                + " docs/storage.md): headline metrics, the"
                + " funnel, alerts, blocked deals, recommendations, the quarter's forecast and its backtest; as text"
                + " with the HTML dashboard, or as one JSON document.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the report was written", "1:nothing was imported, or the rules do not load",
                "2:bad usage or unreadable input"})
final class ReportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    /** Where the deals come from: an export, or a store. */
    static final class Source {
        @Option(names = "--input", paramLabel = "FILE", required = true, description = "the CRM export to report on")
        Path input;

        @Option(names = "--db", paramLabel = "URL", required = true, description = "a store to report on: a"
                + " jdbc:postgresql: or jdbc:h2: URL (see docs/storage.md)")
        String database;
    }

    @Mixin
    private Inputs.ExportOptions export = new Inputs.ExportOptions();

    @Option(names = "--rules", paramLabel = "DIR", description = "also load DIR's rule files over the defaults")
    private String rules;

    @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "report as of this day (default today, UTC)")
    private LocalDate asOf;

    @Option(names = "--out", paramLabel = "DIR", description = "where dashboard.html goes (default"
            + " target/sales-pipeline-report)")
    private Path out = Path.of("target", "sales-pipeline-report");

    @Option(names = "--json", description = "write one JSON document instead of text and the dashboard")
    private boolean json;

    @Option(names = "--probabilities", paramLabel = "KIND", description = "what the forecast weighs each open deal"
            + " by: calibrated (its stage's probability calibrated from the closed deals, the default), score (the"
            + " deal's own win score) or rep (the probability the rep or the CRM gave it; calibrated where none)")
    private String probabilities = "calibrated";

    @Option(names = "--rate", paramLabel = "FROM/TO=RATE", description = "an exchange rate, such as IDR/EUR=0.0000575"
            + " (one IDR is worth 0.0000575 EUR); repeat it for every other currency: the totals are then also given in"
            + " TO, and the dashboard offers them converted")
    private List<String> rates = List.of();

    @Option(names = "--fiscal-year-start", paramLabel = "MONTH", description = "the first month of the fiscal year"
            + " (january unless given, april, july…): the forecast's and the backtest's quarters are its quarters")
    private String fiscalYearStart = "january";

    @Option(names = "--viewer", paramLabel = "ROLE:ID", description = "report only what this person may see, as of"
            + " the report's day: rep:ID, manager:ID, leader:ID or executive:ID (see docs/integration.md)")
    private String viewer;

    @Option(names = "--org", paramLabel = "FILE", description = "the org chart for --viewer: a CSV file of id, role"
            + " and reports_to columns, one person a row")
    private Path org;

    private final PrintStream stdout;
    private final PrintStream stderr;
    private final Clock clock;

    ReportCommand(PrintStream stdout, PrintStream stderr, Clock clock) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        CommandLine command = spec.commandLine();
        // The input first: a missing file is named before any rule is looked at.
        List<Opportunity> deals;
        Optional<ImportResult> imported = Optional.empty();
        String described;
        if (source.database != null) {
            deals = Inputs.fromDatabase(command, source.database);
            described = " from the store " + source.database;
        } else {
            ImportResult read = export.read(command, "--input", source.input);
            imported = Optional.of(read);
            deals = read.opportunities();
            described = " from " + source.input.getFileName() + " (" + read.report().summary() + ")";
        }
        RuleSources sources = rules == null ? RuleSources.defaults() : Inputs.rules(command, rules);
        Instant at = asOf != null ? Inputs.noonOf(asOf) : clock.instant();
        if (viewer != null) {
            Viewer who = Inputs.viewer(command, viewer);
            OrgStructure chart = Inputs.org(command, org, who);
            try {
                deals = PipelineView.asOf(who, chart, deals, at).deals();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(command, e.getMessage());
            }
            described = described + ", as " + who.role().name().toLowerCase(java.util.Locale.ROOT) + " " + who.id()
                    + " sees them";
        } else if (org != null) {
            throw new ParameterException(command, "--org is the org chart of a --viewer, but no --viewer was given");
        }
        if (deals.isEmpty()) {
            imported.ifPresent(read -> TextReport.writeProblems(read.report(), stderr));
            stderr.println(imported.isPresent() ? "Nothing to report: no deal was imported."
                    : "Nothing to report: the store holds no deal.");
            return PipelineCli.FINDINGS;
        }
        PipelineRules pipelineRules;
        try {
            pipelineRules = PipelineRules.builder(sources).clock(Clock.fixed(at, ZoneOffset.UTC)).build();
        } catch (RuleLoadException e) {
            stderr.println(e.getMessage());
            return PipelineCli.FINDINGS;
        }
        HealthReport.Builder builder = HealthReport.builder(deals, pipelineRules).asOf(at)
                .source(TextReport.count(deals.size(), "deal") + described)
                .fiscalYearStart(month(command, fiscalYearStart))
                .probabilities(switch (probabilities) {
                    case "calibrated" -> HealthReport.Probabilities.CALIBRATED;
                    case "score" -> HealthReport.Probabilities.WIN_SCORE;
                    case "rep" -> HealthReport.Probabilities.REP;
                    default -> throw new ParameterException(command, "--probabilities must be calibrated, score or rep,"
                            + " but was '" + probabilities + "'");
                });
        imported.ifPresent(read -> builder.importReport(read.report()));
        DashboardOptions dashboardOptions = withRates(command, DashboardOptions.none());
        Optional<Currency> target = dashboardOptions.rates().values().stream().flatMap(into -> into.keySet().stream())
                .findFirst();
        target.ifPresent(into -> builder.rollUp(into, (from, to) -> Optional.ofNullable(dashboardOptions.rates()
                .getOrDefault(from, Map.of()).get(to))));
        HealthReport report;
        try {
            report = builder.build();
        } catch (InvalidValueException e) {
            throw new ParameterException(command, e.getMessage() + target.map(into -> "\nGive one --rate FROM/" + into
                    + "=RATE for each currency of the deals.").orElse(""));
        }
        if (json) {
            JsonReport.write(report, stdout, Map.of("command", "report"));
            return PipelineCli.OK;
        }
        TextReport.write(report, stdout);
        Path dashboard = HtmlReport.write(report, dashboardOptions, out);
        stdout.println();
        stdout.println("Dashboard: " + dashboard);
        return PipelineCli.OK;
    }

    /** {@code options} with the rates of the --rate options, all into one currency; refuses one it cannot read. */
    private DashboardOptions withRates(CommandLine command, DashboardOptions options) {
        Pattern form = Pattern.compile("([A-Za-z]{3})/([A-Za-z]{3})=([0-9.]+)");
        DashboardOptions with = options;
        Currency target = null;
        for (String rate : rates) {
            Matcher parts = form.matcher(rate.strip());
            if (!parts.matches()) {
                throw new ParameterException(command, "--rate must read FROM/TO=RATE, such as IDR/EUR=0.0000575, but was '"
                        + rate + "'");
            }
            Currency to;
            try {
                to = Money.currency(parts.group(2).toUpperCase(Locale.ROOT));
                with = with.withRate(parts.group(1).toUpperCase(Locale.ROOT), to.getCurrencyCode(),
                        new BigDecimal(parts.group(3)));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(command, "--rate '" + rate + "': " + e.getMessage());
            }
            if (target != null && !target.equals(to)) {
                throw new ParameterException(command, "--rate: every rate must be into the same currency, but '" + rate
                        + "' is into " + to + " and another into " + target);
            }
            target = to;
        }
        return with;
    }

    private static Month month(CommandLine command, String name) {
        try {
            return Month.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command, "--fiscal-year-start must be a month's English name, such as april,"
                    + " but was '" + name + "'");
        }
    }
}
