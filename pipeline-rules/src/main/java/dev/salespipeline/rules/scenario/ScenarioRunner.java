package dev.salespipeline.rules.scenario;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.ActivityDirection;
import dev.salespipeline.core.opportunity.ActivityType;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.DealValue;
import dev.salespipeline.core.opportunity.EvidenceSource;
import dev.salespipeline.core.opportunity.NewEvidence;
import dev.salespipeline.core.opportunity.NextStep;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityDetails;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.opportunity.Stakeholder;
import dev.salespipeline.core.opportunity.StakeholderRole;
import dev.salespipeline.core.opportunity.ValueKind;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.PipelineCatalog;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.pipeline.StageKind;
import dev.salespipeline.core.transition.TransitionService;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleEvaluationException;
import dev.salespipeline.rules.RuleSandbox;
import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.rules.outcome.Alert;
import dev.salespipeline.rules.outcome.DealReview;
import dev.salespipeline.rules.outcome.DisqualificationRecommendation;
import dev.salespipeline.rules.outcome.RegressionRecommendation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs scenario files ({@code *.scenario}) against a rule set: each scenario builds a deal as its
 * {@code Given} lines say, does what its {@code When} line says with the rules, and checks the outcome
 * against its {@code Then} lines. A failure names the file, the line and what differed.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> scenarios() {
 *     ScenarioReport report = ScenarioRunner.load(RuleSources.defaults().withDirectory(rules)).run(scenarios);
 *     return report.results().stream().map(result -> DynamicTest.dynamicTest(result.name(), result::assertPassed));
 * }
 * }</pre>
 *
 * <p>The runner owns the clock its rules read, so that each scenario runs on its own day; so one
 * runner is <b>not thread-safe</b>: run scenarios from one thread, or give each thread a runner.
 */
public final class ScenarioRunner {

    private static final Actor ANALYST = Actor.of("scenario");
    private static final ZoneOffset UTC = ZoneOffset.UTC;
    /** The hour of the day scenarios are evaluated at, so that "N days ago" is N whole days. */
    private static final int EVALUATION_HOUR = 12;

    private final SettableClock rulesClock = new SettableClock();
    private final PipelineRules rules;
    private final PipelineCatalog pipelines;
    private final LocalDate defaultToday;

    private ScenarioRunner(Builder builder) {
        this.rules = PipelineRules.builder(builder.sources).sandbox(builder.sandbox).clock(rulesClock).build();
        this.pipelines = builder.pipelines;
        this.defaultToday = builder.today;
    }

    /**
     * A runner for the rules of {@code sources}, with the standard sandbox and the default pipelines.
     *
     * @throws dev.salespipeline.rules.RuleLoadException if the rules do not load
     */
    public static ScenarioRunner load(RuleSources sources) {
        return builder(sources).build();
    }

    public static Builder builder(RuleSources sources) {
        return new Builder(sources);
    }

    /** The version of the rules the scenarios run against. */
    public String rulesVersion() {
        return rules.version();
    }

    /**
     * Runs {@code fileOrDirectory}: a scenario file, or every {@code *.scenario} file directly in a
     * directory, in name order.
     *
     * @throws UncheckedIOException if a file cannot be read
     */
    public ScenarioReport run(Path fileOrDirectory) {
        Objects.requireNonNull(fileOrDirectory, "fileOrDirectory");
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(fileOrDirectory)) {
            try (Stream<Path> listing = Files.list(fileOrDirectory)) {
                listing.filter(path -> path.getFileName().toString().endsWith(".scenario") && Files.isRegularFile(path))
                        .sorted(Comparator.comparing(path -> path.getFileName().toString())).forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list the scenarios in " + fileOrDirectory + ": " + e.getMessage(), e);
            }
        } else {
            files.add(fileOrDirectory);
        }
        List<ScenarioResult> results = new ArrayList<>();
        for (Path file : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the scenario file " + file + ": " + e.getMessage(), e);
            }
            results.addAll(runFile(file, lines));
        }
        return new ScenarioReport(results);
    }

    private List<ScenarioResult> runFile(Path file, List<String> lines) {
        List<ScenarioResult> results = new ArrayList<>();
        LocalDate fileToday = defaultToday;
        Scenario scenario = null;
        for (int index = 0; index < lines.size(); index++) {
            int lineNumber = index + 1;
            String line = lines.get(index).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher title = Phrase.TITLE.matcher(line);
            if (title.matches()) {
                if (scenario != null) {
                    results.add(scenario.run());
                }
                scenario = new Scenario(file, lineNumber, title.group(1).strip(), fileToday);
                continue;
            }
            if (scenario == null) {
                Matcher today = Phrase.FILE_TODAY.matcher(line);
                if (today.matches()) {
                    try {
                        fileToday = LocalDate.parse(today.group(1));
                        continue;
                    } catch (DateTimeParseException e) {
                        // reported below, as any line that cannot be read
                    }
                }
                results.add(new ScenarioResult(file, lineNumber, "(before any scenario)", Optional.of("cannot read '"
                        + line + "': a file holds 'Today is YYYY-MM-DD' and scenarios, each starting with 'Scenario:'")));
                continue;
            }
            scenario.read(lineNumber, line);
        }
        if (scenario != null) {
            results.add(scenario.run());
        }
        return results;
    }

    /** The phrases of the scenario language; docs/rules-guide.md lists them for analysts. */
    private static final class Phrase {
        static final Pattern TITLE = pattern("scenario:\\s*(.+)");
        static final Pattern FILE_TODAY = pattern("today is (\\S+)");
        static final Pattern STEP = pattern("(given|when|then|and|but)\\s+(.+)");
        static final Pattern TODAY = pattern("today is (\\S+)");
        static final Pattern DEAL = pattern("an? deal in (.+?)(?: of ([a-z0-9-]+))?(?: for (\\d+) days?)?");
        static final Pattern EVIDENCE = pattern("(earlier )?evidence (.+)");
        static final Pattern ACTIVITY = pattern("an? (call|email|meeting|demo|message) (from|to) the buyer (\\d+) days? ago");
        static final Pattern STAKEHOLDER = pattern("an? stakeholder (.+?) as (?:an? |the )?(.+)");
        static final Pattern VALUE = pattern("an? value of (\\S+) ([a-z]{3})");
        static final Pattern CLOSE = pattern("the expected close (?:in (\\d+) days?|(\\d+) days? ago)");
        static final Pattern NEXT_STEP = pattern("the next step due (?:in (\\d+) days?|(\\d+) days? ago)");
        static final Pattern MISSING = pattern("no (primary contact|next step|stakeholders|products)");
        static final Pattern ADVANCE = pattern("it asks to advance to (.+)");
        static final Pattern SWEEP = pattern("alerts are swept(?: on (\\S+))?");
        static final Pattern REVIEW = pattern("it is reviewed");
        static final Pattern ALLOWED = pattern("it is allowed");
        static final Pattern BLOCKED = pattern("it is blocked by (.+)");
        static final Pattern ALERTS = pattern("the alerts are (.+)");
        static final Pattern NO_ALERTS = pattern("there are no alerts");
        static final Pattern REGRESSION = pattern("regression to (.+?) is recommended");
        static final Pattern DISQUALIFICATION = pattern("disqualification is recommended(?: for (.+))?");
        static final Pattern NOTHING = pattern("nothing is recommended");

        static final String GIVENS = "'today is YYYY-MM-DD', 'a deal in <stage> [of <pipeline>] [for N days]', "
                + "'[earlier] evidence <type>, <type>', 'a <call|email|meeting|demo|message> <from|to> the buyer N days ago', "
                + "'a stakeholder <name> as <role>', 'a value of <amount> <currency>', "
                + "'the expected close in N days | N days ago', 'the next step due in N days | N days ago', "
                + "'no <primary contact|next step|stakeholders|products>'";
        static final String WHENS = "'it asks to advance to <stage>', 'alerts are swept [on YYYY-MM-DD]', "
                + "'it is reviewed'";
        static final String THENS = "'it is allowed', 'it is blocked by <criterion>, …', 'the alerts are <kind>, …', "
                + "'there are no alerts', 'regression to <stage> is recommended', "
                + "'disqualification is recommended [for <ground>]', 'nothing is recommended'";

        private static Pattern pattern(String regex) {
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        }

        private Phrase() {
        }
    }

    private enum Section { GIVEN, WHEN, THEN }

    private enum Action { ADVANCE, SWEEP, REVIEW }

    /** A timed activity of the deal. */
    private record ActivitySpec(ActivityType type, ActivityDirection direction, int daysAgo) {
    }

    /** An expectation and the line it is on. */
    private record Expectation(int line, Pattern phrase, Matcher match) {
    }

    /** One scenario as read so far, and then its run. */
    private final class Scenario {
        final Path file;
        final int line;
        final String name;
        LocalDate today;
        Section section = Section.GIVEN;
        String failure;
        int failureLine;

        String pipelineId = DefaultPipelines.evidenceBased().id().value();
        String stageName;
        int daysInStage = 1;
        final List<String> evidence = new ArrayList<>();
        final List<String> earlierEvidence = new ArrayList<>();
        final List<ActivitySpec> activities = new ArrayList<>();
        final List<Stakeholder> stakeholders = new ArrayList<>();
        Money value = Money.of("100000.00", "EUR");
        int closeInDays = 60;
        int nextStepInDays = 7;
        final Set<String> missing = new LinkedHashSet<>();
        Action action;
        String advanceTarget;
        int actionLine;
        final List<Expectation> expectations = new ArrayList<>();

        Scenario(Path file, int line, String name, LocalDate today) {
            this.file = file;
            this.line = line;
            this.name = name;
            this.today = today;
        }

        private void fail(int at, String why) {
            if (failure == null) {
                failure = why;
                failureLine = at;
            }
        }

        void read(int at, String text) {
            Matcher step = Phrase.STEP.matcher(text);
            if (!step.matches()) {
                fail(at, "cannot read '" + text + "': a step starts with Given, When, Then, And or But");
                return;
            }
            String keyword = step.group(1).toLowerCase(Locale.ROOT);
            String phrase = step.group(2).strip();
            Section next = switch (keyword) {
                case "given" -> Section.GIVEN;
                case "when" -> Section.WHEN;
                case "then" -> Section.THEN;
                default -> section;
            };
            if (next.ordinal() < section.ordinal() || (next == Section.WHEN && action != null)) {
                fail(at, "'" + text + "' is out of order: a scenario has Given lines, one When line, then Then lines");
                return;
            }
            section = next;
            switch (section) {
                case GIVEN -> given(at, phrase);
                case WHEN -> when(at, phrase);
                case THEN -> then(at, phrase);
            }
        }

        private void given(int at, String phrase) {
            Matcher match;
            if ((match = Phrase.TODAY.matcher(phrase)).matches()) {
                try {
                    today = LocalDate.parse(match.group(1));
                } catch (DateTimeParseException e) {
                    fail(at, "'" + match.group(1) + "' is not a date: write it as 2026-11-23");
                }
            } else if ((match = Phrase.DEAL.matcher(phrase)).matches()) {
                stageName = match.group(1).strip();
                if (match.group(2) != null) {
                    pipelineId = match.group(2);
                }
                if (match.group(3) != null) {
                    daysInStage = Integer.parseInt(match.group(3));
                }
            } else if ((match = Phrase.EVIDENCE.matcher(phrase)).matches()) {
                (match.group(1) != null ? earlierEvidence : evidence).addAll(list(match.group(2)));
            } else if ((match = Phrase.ACTIVITY.matcher(phrase)).matches()) {
                activities.add(new ActivitySpec(ActivityType.valueOf(match.group(1).toUpperCase(Locale.ROOT)),
                        match.group(2).equalsIgnoreCase("from") ? ActivityDirection.FROM_BUYER : ActivityDirection.TO_BUYER,
                        Integer.parseInt(match.group(3))));
            } else if ((match = Phrase.STAKEHOLDER.matcher(phrase)).matches()) {
                String role = match.group(2).strip().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
                try {
                    stakeholders.add(Stakeholder.of(match.group(1).strip(), StakeholderRole.valueOf(role)));
                } catch (IllegalArgumentException e) {
                    fail(at, "'" + match.group(2) + "' is not a stakeholder role; the roles are "
                            + Arrays.stream(StakeholderRole.values()).map(ScenarioRunner::words).toList());
                }
            } else if ((match = Phrase.VALUE.matcher(phrase)).matches()) {
                try {
                    value = Money.of(match.group(1), match.group(2).toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    fail(at, e.getMessage());
                }
            } else if ((match = Phrase.CLOSE.matcher(phrase)).matches()) {
                closeInDays = match.group(1) != null ? Integer.parseInt(match.group(1)) : -Integer.parseInt(match.group(2));
            } else if ((match = Phrase.NEXT_STEP.matcher(phrase)).matches()) {
                nextStepInDays = match.group(1) != null ? Integer.parseInt(match.group(1)) : -Integer.parseInt(match.group(2));
            } else if ((match = Phrase.MISSING.matcher(phrase)).matches()) {
                missing.add(match.group(1).toLowerCase(Locale.ROOT));
            } else {
                fail(at, "cannot read 'Given " + phrase + "'; a Given line says one of " + Phrase.GIVENS);
            }
        }

        private void when(int at, String phrase) {
            actionLine = at;
            Matcher match;
            if ((match = Phrase.ADVANCE.matcher(phrase)).matches()) {
                action = Action.ADVANCE;
                advanceTarget = match.group(1).strip();
            } else if ((match = Phrase.SWEEP.matcher(phrase)).matches()) {
                action = Action.SWEEP;
                if (match.group(1) != null) {
                    try {
                        today = LocalDate.parse(match.group(1));
                    } catch (DateTimeParseException e) {
                        fail(at, "'" + match.group(1) + "' is not a date: write it as 2026-11-23");
                    }
                }
            } else if (Phrase.REVIEW.matcher(phrase).matches()) {
                action = Action.REVIEW;
            } else {
                fail(at, "cannot read 'When " + phrase + "'; a When line says one of " + Phrase.WHENS);
            }
        }

        private void then(int at, String phrase) {
            for (Pattern candidate : List.of(Phrase.ALLOWED, Phrase.BLOCKED, Phrase.ALERTS, Phrase.NO_ALERTS,
                    Phrase.REGRESSION, Phrase.DISQUALIFICATION, Phrase.NOTHING)) {
                Matcher match = candidate.matcher(phrase);
                if (match.matches()) {
                    expectations.add(new Expectation(at, candidate, match));
                    return;
                }
            }
            fail(at, "cannot read 'Then " + phrase + "'; a Then line says one of " + Phrase.THENS);
        }

        ScenarioResult run() {
            if (failure == null) {
                if (stageName == null) {
                    fail(line, "no 'Given a deal in <stage>' line");
                } else if (action == null) {
                    fail(line, "no When line; it says one of " + Phrase.WHENS);
                } else if (expectations.isEmpty()) {
                    fail(line, "no Then line; it says one of " + Phrase.THENS);
                } else if (today == null) {
                    fail(line, "no date: give one with 'Given today is YYYY-MM-DD', or 'Today is YYYY-MM-DD' before "
                            + "the first scenario");
                }
            }
            if (failure == null) {
                try {
                    execute();
                } catch (IllegalArgumentException | IllegalStateException e) {
                    // The core or the rules refused what the scenario asked: the scenario is wrong, or the rules are.
                    fail(actionLine, e.getMessage());
                } catch (RuleEvaluationException e) {
                    // A rule failed on this scenario's deal: the scenario fails, naming the rule; the others still run.
                    fail(actionLine, firstLine(e.getMessage()));
                }
            }
            return new ScenarioResult(file, failure == null ? line : failureLine, name, Optional.ofNullable(failure));
        }

        private void execute() {
            Instant now = today.atTime(EVALUATION_HOUR, 0).toInstant(UTC);
            rulesClock.instant = now;
            Optional<PipelineDefinition> named = pipelines.pipelines().stream()
                    .filter(candidate -> candidate.id().value().equals(pipelineId)).findFirst();
            if (named.isEmpty()) {
                fail(line, "there is no pipeline '" + pipelineId + "'; the pipelines are " + pipelines.pipelines().stream()
                        .map(candidate -> candidate.id().value()).toList());
                return;
            }
            PipelineDefinition pipeline = named.get();
            Optional<Stage> stage = pipeline.findStageByName(stageName);
            if (stage.isEmpty() || !(stage.get().isOpen() || stage.get().kind() == StageKind.NURTURE)) {
                fail(line, "'" + stageName + "' is not an open or nurture stage of pipeline '" + pipelineId
                        + "', whose stages are " + pipeline.stages().stream().map(known -> known.id().value()).toList());
                return;
            }
            Opportunity deal = new DealPlacer(this, pipeline, stage.get(), now).place();
            switch (action) {
                case ADVANCE -> checkAdvance(pipeline, deal);
                case SWEEP -> checkAlerts(rules.alerts(deal));
                case REVIEW -> checkReview(pipeline, rules.review(deal));
            }
        }

        private void checkAdvance(PipelineDefinition pipeline, Opportunity deal) {
            Optional<Stage> target = pipeline.findStageByName(advanceTarget);
            if (target.isEmpty()) {
                fail(actionLine, "'" + advanceTarget + "' is not a stage of pipeline '" + pipeline.id() + "'");
                return;
            }
            GateDecision decision = rules.evaluate(deal, target.get().id());
            Set<String> unmet = new TreeSet<>();
            decision.unmetCriteria().stream().map(UnmetCriterion::criterionId).forEach(unmet::add);
            for (Expectation expectation : expectations) {
                if (expectation.phrase() == Phrase.ALLOWED) {
                    if (!unmet.isEmpty()) {
                        fail(expectation.line(), "expected it to be allowed, but it is blocked by " + unmet);
                    }
                } else if (expectation.phrase() == Phrase.BLOCKED) {
                    Set<String> expected = new TreeSet<>(list(expectation.match().group(1)));
                    if (!expected.equals(unmet)) {
                        fail(expectation.line(), "expected it to be blocked by " + expected + ", but "
                                + (unmet.isEmpty() ? "it is allowed" : "it is blocked by " + unmet));
                    }
                } else {
                    mismatched(expectation);
                }
            }
        }

        private void checkAlerts(List<Alert> alerts) {
            List<String> kinds = alerts.stream().map(Alert::kind).sorted().toList();
            for (Expectation expectation : expectations) {
                if (expectation.phrase() == Phrase.NO_ALERTS) {
                    if (!kinds.isEmpty()) {
                        fail(expectation.line(), "expected no alerts, but the alerts are " + kinds);
                    }
                } else if (expectation.phrase() == Phrase.ALERTS) {
                    List<String> expected = list(expectation.match().group(1));
                    boolean same = expected.size() == kinds.size() && expected.stream().allMatch(kind -> kinds.stream()
                            .anyMatch(actual -> actual.equals(kind) || actual.startsWith(kind + ":")));
                    if (!same) {
                        fail(expectation.line(), "expected the alerts " + new TreeSet<>(expected) + ", but "
                                + (kinds.isEmpty() ? "there are none" : "they are " + kinds));
                    }
                } else {
                    mismatched(expectation);
                }
            }
        }

        private void checkReview(PipelineDefinition pipeline, DealReview review) {
            List<String> regressions = review.regressions().stream()
                    .map(recommendation -> recommendation.target().value()).sorted().toList();
            List<String> grounds = review.disqualifications().stream().map(DisqualificationRecommendation::ground)
                    .sorted().toList();
            String actual = "the recommendations are regressions to " + regressions + " and disqualifications for " + grounds;
            for (Expectation expectation : expectations) {
                if (expectation.phrase() == Phrase.NOTHING) {
                    if (review.hasRecommendations()) {
                        fail(expectation.line(), "expected nothing recommended, but " + actual);
                    }
                } else if (expectation.phrase() == Phrase.REGRESSION) {
                    Optional<Stage> target = pipeline.findStageByName(expectation.match().group(1));
                    boolean found = target.isPresent() && review.regressions().stream()
                            .map(RegressionRecommendation::target).anyMatch(target.get().id()::equals);
                    if (!found) {
                        fail(expectation.line(), "expected a regression to " + expectation.match().group(1).strip()
                                + ", but " + actual);
                    }
                } else if (expectation.phrase() == Phrase.DISQUALIFICATION) {
                    String ground = expectation.match().group(1);
                    boolean found = ground == null ? !grounds.isEmpty() : grounds.contains(ground.strip());
                    if (!found) {
                        fail(expectation.line(), "expected a disqualification" + (ground == null ? "" : " for "
                                + ground.strip()) + ", but " + actual);
                    }
                } else {
                    mismatched(expectation);
                }
            }
        }

        private void mismatched(Expectation expectation) {
            fail(expectation.line(), "'Then " + expectation.match().group(0) + "' does not answer the When line: after "
                    + switch (action) {
                        case ADVANCE -> "'it asks to advance', say 'it is allowed' or 'it is blocked by …'";
                        case SWEEP -> "'alerts are swept', say 'the alerts are …' or 'there are no alerts'";
                        case REVIEW -> "'it is reviewed', say 'regression to … is recommended', "
                                + "'disqualification is recommended' or 'nothing is recommended'";
                    });
        }
    }

    /**
     * Builds a scenario's deal through a transition service whose gates let everything through, with
     * every event at its time: created, evidence and activities of earlier stages, the move into the
     * stage, then the stage's evidence and later activities.
     */
    private static final class DealPlacer {
        private final Scenario scenario;
        private final PipelineDefinition pipeline;
        private final Stage stage;
        private final Instant now;
        private final SettableClock clock = new SettableClock();
        private final TransitionService placer;

        DealPlacer(Scenario scenario, PipelineDefinition pipeline, Stage stage, Instant now) {
            this.scenario = scenario;
            this.pipeline = pipeline;
            this.stage = stage;
            this.now = now;
            this.placer = new TransitionService(request -> GateDecision.allowed("scenario"), clock);
        }

        Opportunity place() {
            Instant entered = now.minus(Duration.ofDays(scenario.daysInStage));
            boolean first = stage.id().equals(pipeline.firstOpenStage().id());
            Instant created = entered;
            if (!first) {
                Instant oldest = scenario.activities.stream().map(activity -> now.minus(Duration.ofDays(activity.daysAgo())))
                        .min(Comparator.naturalOrder()).orElse(entered);
                created = (oldest.isBefore(entered) ? oldest : entered).minus(Duration.ofDays(1));
            }
            clock.instant = created;
            Opportunity deal = placer.open(OpportunityId.of("scenario-deal"), pipeline, details(), ANALYST);
            deal = recordEvidence(deal, scenario.earlierEvidence);
            List<ActivitySpec> byTime = scenario.activities.stream()
                    .sorted(Comparator.comparingInt(ActivitySpec::daysAgo).reversed()).toList();
            for (ActivitySpec activity : byTime) {
                Instant at = now.minus(Duration.ofDays(activity.daysAgo()));
                if (at.isBefore(entered)) {
                    deal = log(deal, activity, at);
                }
            }
            clock.instant = entered;
            if (!first) {
                deal = stage.isOpen() ? placer.advance(deal, stage.id(), ANALYST).opportunity()
                        : placer.moveToNurture(deal, ANALYST, "placed in nurture by the scenario");
            }
            deal = recordEvidence(deal, scenario.evidence);
            for (ActivitySpec activity : byTime) {
                Instant at = now.minus(Duration.ofDays(activity.daysAgo()));
                if (!at.isBefore(entered)) {
                    deal = log(deal, activity, at);
                }
            }
            return deal;
        }

        private Opportunity recordEvidence(Opportunity deal, List<String> types) {
            Opportunity result = deal;
            for (String type : types) {
                result = placer.recordEvidence(result, NewEvidence.of(EvidenceType.of(type), EvidenceSource.MEETING_NOTES),
                        ANALYST);
            }
            return result;
        }

        private Opportunity log(Opportunity deal, ActivitySpec activity, Instant at) {
            clock.instant = at;
            return placer.logActivity(deal, new Activity(activity.type(), activity.direction(), at, ANALYST, ""));
        }

        /** Complete details, so that a gate refuses only for what the scenario leaves out. */
        private OpportunityDetails details() {
            LocalDate today = LocalDate.ofInstant(now, UTC);
            OpportunityDetails.Builder builder = OpportunityDetails.builder().account("Scenario Account").owner(ANALYST.id())
                    .value(DealValue.of(scenario.value, ValueKind.TCV))
                    .expectedCloseDate(today.plusDays(scenario.closeInDays));
            if (!scenario.missing.contains("primary contact")) {
                builder.primaryContact("Primary Contact");
            }
            if (!scenario.missing.contains("next step")) {
                builder.nextStep(NextStep.of("Agreed next step", today.plusDays(scenario.nextStepInDays)));
            }
            if (!scenario.missing.contains("stakeholders")) {
                builder.stakeholders(scenario.stakeholders.isEmpty()
                        ? List.of(Stakeholder.of("Economic Buyer", StakeholderRole.ECONOMIC_BUYER)) : scenario.stakeholders);
            }
            if (!scenario.missing.contains("products")) {
                builder.products("Scenario Product");
            }
            return builder.build();
        }
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    private static String words(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** A clock set to each scenario's evaluation time; the runner is single-threaded by contract. */
    private static final class SettableClock extends Clock {
        private Instant instant = Instant.EPOCH;

        @Override
        public ZoneId getZone() {
            return UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("scenario clocks are UTC");
        }

        @Override
        public Instant instant() {
            return instant;
        }
    }

    /** Builds a {@link ScenarioRunner}. */
    public static final class Builder {
        private final RuleSources sources;
        private RuleSandbox sandbox = RuleSandbox.standard();
        private PipelineCatalog pipelines = DefaultPipelines.catalog();
        private LocalDate today;

        private Builder(RuleSources sources) {
            this.sources = Objects.requireNonNull(sources, "sources");
        }

        /** The sandbox the rules are checked against, as in production; the standard one by default. */
        public Builder sandbox(RuleSandbox sandbox) {
            this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
            return this;
        }

        /** The pipelines scenarios name; the default pipelines by default. */
        public Builder pipelines(PipelineCatalog pipelines) {
            this.pipelines = Objects.requireNonNull(pipelines, "pipelines");
            return this;
        }

        /** The day scenarios run on when neither the file nor the scenario names one. */
        public Builder today(LocalDate today) {
            this.today = Objects.requireNonNull(today, "today");
            return this;
        }

        public ScenarioRunner build() {
            return new ScenarioRunner(this);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").strip();
    }
}
