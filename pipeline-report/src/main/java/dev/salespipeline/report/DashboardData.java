package dev.salespipeline.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.salespipeline.core.forecast.Backtest;
import dev.salespipeline.core.forecast.ForecastCategory;
import dev.salespipeline.core.forecast.ForecastLine;
import dev.salespipeline.core.forecast.RevenueDistribution;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.metrics.Dimensions;
import dev.salespipeline.core.metrics.DurationStatistics;
import dev.salespipeline.core.metrics.MoneyTotals;
import dev.salespipeline.core.metrics.PipelineMetrics;
import dev.salespipeline.core.metrics.StageConversion;
import dev.salespipeline.core.metrics.StageKey;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Evidence;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.pipeline.StageKind;
import dev.salespipeline.core.scoring.Contribution;
import dev.salespipeline.core.scoring.WinScore;
import dev.salespipeline.rules.outcome.Alert;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the dashboard draws, as one JSON document read by its script: the open deals as rows (which the
 * filters and the currency selector work on), the figures only the history gives (conversion, time in
 * stage, trends, forecast, backtest) per pipeline and currency, the alert and blocked-deal tables, the
 * inspection lists, and each listed deal's detail for the drill-down. Amounts are decimal strings, as
 * everywhere in this library; the script turns them into numbers only to draw.
 */
final class DashboardData {

    /** Above this many open deals the page holds the largest ones as rows, and says so. */
    static final int MAX_ROWS = 3_000;
    /** Deals with a drill-down: the listed ones first, then the largest. */
    static final int MAX_DETAILS = 120;
    /** Alert rows at most, in the report's order (most severe first); the page says when there were more. */
    static final int MAX_ALERTS = 4_000;
    private static final int AUDIT_SAMPLE_PER_STAGE = 3;
    /** Owners and segments with figures of their own, the largest by deals; the page says when one has none. */
    static final int MAX_GROUPS = 40;

    private static final JsonFactory JSON = new JsonFactory();

    private DashboardData() {
    }

    static String of(HealthReport report, DashboardOptions options) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            new Writer(report, options, json).write();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Inside a script element, "</script" ends it and "<!--" changes how the rest is read; outside strings JSON
        // has none of these characters, and inside them the escapes are the same text.
        return out.toString().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    private static final class Writer {
        private final HealthReport report;
        private final DashboardOptions options;
        private final JsonGenerator json;
        private final List<Opportunity> open;
        private final List<Opportunity> rows;
        private final Map<OpportunityId, ForecastLine> lines = new HashMap<>();
        private final Map<OpportunityId, List<Alert>> alertsByDeal = new HashMap<>();

        Writer(HealthReport report, DashboardOptions options, JsonGenerator json) {
            this.report = report;
            this.options = options;
            this.json = json;
            this.open = report.deals().stream().filter(Opportunity::isOpen).toList();
            this.rows = open.stream().sorted(Comparator.comparing((Opportunity deal) -> deal.details().value().amount()
                    .amount()).reversed().thenComparing(deal -> deal.id().value())).limit(MAX_ROWS).toList();
            report.forecast().lines().forEach(line -> lines.put(line.opportunityId(), line));
            report.alerts().forEach(alert -> alertsByDeal.computeIfAbsent(alert.opportunityId(), id -> new ArrayList<>())
                    .add(alert));
        }

        void write() throws IOException {
            json.writeStartObject();
            json.writeStringField("asOf", report.asOfDate().toString());
            json.writeStringField("title", report.title());
            json.writeStringField("source", report.source());
            json.writeStringField("rulesVersion", report.rulesVersion());
            json.writeStringField("probabilities", report.probabilities().name());
            json.writeNumberField("openDeals", open.size());
            json.writeNumberField("rowsShown", rows.size());
            totals("openValue", report.metrics().openValue());
            totals("weightedOpenValue", report.metrics().weightedOpenValue());
            json.writeStringField("winRate", report.metrics().winRate().map(BigDecimal::toPlainString).orElse(""));
            currencies();
            pipelines();
            dealRows();
            history();
            forecast();
            tables();
            inspection();
            coverage();
            details();
            json.writeEndObject();
        }

        private void currencies() throws IOException {
            Set<String> codes = new TreeSet<>();
            report.deals().forEach(deal -> codes.add(deal.details().value().amount().currency().getCurrencyCode()));
            json.writeArrayFieldStart("currencies");
            for (String code : codes) {
                json.writeString(code);
            }
            json.writeEndArray();
        }

        private void pipelines() throws IOException {
            json.writeArrayFieldStart("pipelines");
            for (PipelineDefinition pipeline : report.pipelines()) {
                json.writeStartObject();
                json.writeStringField("id", pipeline.id().value());
                json.writeStringField("name", pipeline.name());
                json.writeArrayFieldStart("stages");
                for (Stage stage : pipeline.openStages()) {
                    {
                        json.writeStartObject();
                        json.writeStringField("id", stage.id().value());
                        json.writeStringField("name", stage.displayName());
                        json.writeNumberField("averageDays", days(report.averages().averageFor(pipeline, stage)));
                        json.writeEndObject();
                    }
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
        }

        /** One row a deal: [id, account, owner, segment, pipeline, stage, currency, amount, close date, category]. */
        private void dealRows() throws IOException {
            json.writeArrayFieldStart("deals");
            for (Opportunity deal : rows) {
                row(deal);
            }
            json.writeEndArray();
        }

        private void row(Opportunity deal) throws IOException {
            {
                json.writeStartArray();
                json.writeString(deal.id().value());
                json.writeString(deal.details().account());
                json.writeString(deal.details().owner());
                json.writeString(deal.details().segment().orElse("(none)"));
                json.writeString(deal.pipeline().id().value());
                json.writeString(deal.stageId().value());
                json.writeString(deal.details().value().amount().currency().getCurrencyCode());
                json.writeString(deal.details().value().amount().amount().toPlainString());
                json.writeString(deal.details().expectedCloseDate().toString());
                ForecastLine line = lines.get(deal.id());
                json.writeString(line == null ? "" : line.category().name());
                json.writeEndArray();
            }
        }

        /**
         * What only the history gives: conversion and time in stage per stage, monthly trends per currency;
         * for every deal, and for each owner's and each segment's deals (the {@value #MAX_GROUPS} largest), so
         * that the owner and segment filters redraw them too.
         */
        private void history() throws IOException {
            json.writeFieldName("stages");
            stages(report.metrics());
            json.writeFieldName("months");
            months(report.monthly());
            Instant yearAgo = report.asOf().atZone(ZoneOffset.UTC).minusMonths(12).toInstant();
            for (String dimension : List.of("owner", "segment")) {
                java.util.function.Function<Opportunity, java.util.Collection<String>> of = dimension.equals("owner")
                        ? Dimensions.OWNER : Dimensions.SEGMENT;
                Map<String, List<Opportunity>> groups = new java.util.TreeMap<>();
                for (Opportunity deal : report.deals()) {
                    of.apply(deal).forEach(group -> groups.computeIfAbsent(group, key -> new ArrayList<>()).add(deal));
                }
                List<String> largest = groups.keySet().stream()
                        .sorted(Comparator.comparing((String group) -> -groups.get(group).size()).thenComparing(group -> group))
                        .limit(MAX_GROUPS).sorted().toList();
                json.writeObjectFieldStart(dimension.equals("owner") ? "byOwner" : "bySegment");
                for (String group : largest) {
                    json.writeObjectFieldStart(group);
                    json.writeFieldName("stages");
                    stages(PipelineMetrics.of(groups.get(group), report.asOf()));
                    json.writeFieldName("months");
                    months(PipelineMetrics.trend(groups.get(group), yearAgo, report.asOf(), java.time.Period.ofMonths(1)));
                    json.writeObjectFieldStart("forecast");
                    forecastTotals(report.forecastOf(deal -> of.apply(deal).contains(group)));
                    json.writeEndObject();
                    json.writeEndObject();
                }
                json.writeEndObject();
            }
        }

        private void stages(PipelineMetrics metrics) throws IOException {
            json.writeStartObject();
            for (PipelineDefinition pipeline : report.pipelines()) {
                for (Stage stage : pipeline.openStages()) {
                    StageKey key = new StageKey(pipeline.id(), stage.id());
                    json.writeObjectFieldStart(key.toString());
                    StageConversion conversion = metrics.conversion().get(key);
                    if (conversion != null && conversion.exits() > 0) {
                        json.writeNumberField("exits", conversion.exits());
                        json.writeNumberField("forward", conversion.forward());
                        json.writeNumberField("backward", conversion.backward());
                        json.writeNumberField("out", conversion.out());
                    }
                    DurationStatistics time = metrics.timeInStage().get(key);
                    if (time != null) {
                        json.writeNumberField("medianDays", days(time.median()));
                    }
                    json.writeEndObject();
                }
            }
            json.writeEndObject();
        }

        private void months(List<PipelineMetrics> trend) throws IOException {
            json.writeStartArray();
            for (PipelineMetrics point : trend) {
                json.writeStartObject();
                json.writeStringField("month", LocalDate.ofInstant(point.asOf(), ZoneOffset.UTC).toString().substring(0, 7));
                totals("velocityPerDay", point.velocityPerDay());
                if (point.regressionRate().isPresent()) {
                    json.writeStringField("regressionRate", point.regressionRate().get().toPlainString());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }

        private void forecast() throws IOException {
            json.writeObjectFieldStart("forecast");
            json.writeStringField("fiscalQuarter", report.fiscalQuarter());
            json.writeStringField("periodStart", report.forecast().periodStart().toString());
            json.writeStringField("periodEnd", report.forecast().periodEnd().toString());
            forecastTotals(report.forecast());
            json.writeObjectFieldStart("simulated");
            for (Map.Entry<Currency, RevenueDistribution> entry : report.distribution().entrySet()) {
                json.writeObjectFieldStart(entry.getKey().getCurrencyCode());
                json.writeStringField("p10", entry.getValue().p10().amount().toPlainString());
                json.writeStringField("p50", entry.getValue().p50().amount().toPlainString());
                json.writeStringField("p90", entry.getValue().p90().amount().toPlainString());
                json.writeNumberField("trials", entry.getValue().trials());
                TextReport.fullOutsideTheInterval(report, entry.getKey()).ifPresent(note -> {
                    try {
                        json.writeStringField("note", note);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeObjectFieldStart("targets");
            for (Map.Entry<Currency, BigDecimal> target : options.targets().entrySet()) {
                json.writeStringField(target.getKey().getCurrencyCode(), target.getValue().toPlainString());
            }
            json.writeEndObject();
            json.writeArrayFieldStart("backtest");
            for (Backtest.PeriodResult period : report.backtest()) {
                json.writeStartObject();
                json.writeStringField("start", period.start().toString());
                json.writeStringField("end", period.end().toString());
                json.writeObjectFieldStart("accuracy");
                for (Map.Entry<Currency, BigDecimal> accuracy : period.accuracy().entrySet()) {
                    json.writeStringField(accuracy.getKey().getCurrencyCode(), accuracy.getValue().toPlainString());
                }
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }

        /**
         * Alerts as [deal, kind, severity, since, message] and blocked deals as [deal, [messages]], each
         * message an index into {@code messages}: the same few texts repeat over thousands of rows.
         */
        private void forecastTotals(dev.salespipeline.core.forecast.Forecast forecast) throws IOException {
            totals("wonToDate", forecast.wonToDate());
            totals("conservative", forecast.conservative());
            totals("full", forecast.full());
            json.writeObjectFieldStart("categories");
            for (Map.Entry<ForecastCategory, MoneyTotals> category : forecast.expectedByCategory().entrySet()) {
                totals(category.getKey().name(), category.getValue());
            }
            json.writeEndObject();
        }

        private void tables() throws IOException {
            Map<String, Integer> messages = new LinkedHashMap<>();
            json.writeNumberField("alertCount", report.alerts().size());
            json.writeArrayFieldStart("alerts");
            for (Alert alert : report.alerts().stream().limit(MAX_ALERTS).toList()) {
                json.writeStartArray();
                json.writeString(alert.opportunityId().value());
                json.writeString(alert.kind());
                json.writeString(alert.severity().name());
                json.writeString(alert.since().toString());
                json.writeNumber(messages.computeIfAbsent(alert.message(), text -> messages.size()));
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("blocked");
            for (HealthReport.BlockedDeal blocked : report.blockedDeals()) {
                json.writeStartArray();
                json.writeString(blocked.deal().id().value());
                json.writeStartArray();
                for (UnmetCriterion unmet : blocked.decision().unmetCriteria()) {
                    json.writeNumber(messages.computeIfAbsent(unmet.message(), text -> messages.size()));
                }
                json.writeEndArray();
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("messages");
            for (String message : messages.keySet()) {
                json.writeString(message);
            }
            json.writeEndArray();
        }

        /**
         * The inspection rhythm of DOMAIN.md: every week the late-stage deals (the last three open stages:
         * Proposal, Negotiation, Closing in the evidence-based pipeline); every month the mid-stage deals
         * older than their stage's average; every quarter a seeded random sample of each stage.
         */
        private void inspection() throws IOException {
            List<Opportunity> weekly = new ArrayList<>();
            List<Opportunity> monthly = new ArrayList<>();
            Map<String, List<Opportunity>> byStage = new LinkedHashMap<>();
            for (Opportunity deal : open) {
                List<Stage> stages = deal.pipeline().openStages();
                int position = stages.indexOf(deal.stage());
                if (position >= stages.size() - 3) {
                    weekly.add(deal);
                } else if (position > 0) {
                    double days = Duration.between(deal.stageEnteredAt(), report.asOf()).toHours() / 24.0;
                    if (days > report.averages().averageFor(deal).toHours() / 24.0) {
                        monthly.add(deal);
                    }
                }
                byStage.computeIfAbsent(deal.pipeline().id().value() + "/" + deal.stageId().value(),
                        key -> new ArrayList<>()).add(deal);
            }
            Comparator<Opportunity> largest = Comparator.comparing((Opportunity deal) -> deal.details().value().amount()
                    .amount()).reversed().thenComparing(deal -> deal.id().value());
            weekly.sort(largest);
            monthly.sort(largest);
            Random random = new Random(options.auditSeed());
            List<Opportunity> audit = new ArrayList<>();
            for (List<Opportunity> deals : byStage.values()) {
                List<Opportunity> shuffled = new ArrayList<>(deals);
                shuffled.sort(Comparator.comparing(deal -> deal.id().value()));
                java.util.Collections.shuffle(shuffled, random);
                audit.addAll(shuffled.subList(0, Math.min(AUDIT_SAMPLE_PER_STAGE, shuffled.size())));
            }
            json.writeObjectFieldStart("inspection");
            ids("weekly", weekly);
            ids("monthly", monthly);
            ids("quarterly", audit);
            json.writeEndObject();
            listed.addAll(weekly.stream().limit(100).map(Opportunity::id).toList());
            listed.addAll(monthly.stream().limit(100).map(Opportunity::id).toList());
            listed.addAll(audit.stream().map(Opportunity::id).toList());
        }

        private final Set<OpportunityId> listed = new LinkedHashSet<>();

        private void ids(String field, List<Opportunity> deals) throws IOException {
            json.writeArrayFieldStart(field);
            for (Opportunity deal : deals) {
                json.writeString(deal.id().value());
            }
            json.writeEndArray();
        }

        /** Pipeline ÷ the target still to win, and the deals still needed, per owner and for the team. */
        private void coverage() throws IOException {
            json.writeObjectFieldStart("ownerTargets");
            for (Map.Entry<String, Money> target : options.ownerTargets().entrySet()) {
                json.writeObjectFieldStart(target.getKey());
                json.writeStringField("currency", target.getValue().currency().getCurrencyCode());
                json.writeStringField("amount", target.getValue().amount().toPlainString());
                json.writeEndObject();
            }
            json.writeEndObject();
            PipelineMetrics metrics = report.metrics();
            json.writeObjectFieldStart("wonByOwner");
            Map<String, Map<String, BigDecimal>> won = new java.util.TreeMap<>();
            for (Opportunity deal : report.deals()) {
                if (deal.stage().kind() == StageKind.WON && !deal.stageEnteredAt().isBefore(report.forecast().periodStart()
                        .atStartOfDay(ZoneOffset.UTC).toInstant())) {
                    won.computeIfAbsent(deal.details().owner(), owner -> new java.util.TreeMap<>())
                            .merge(deal.details().value().amount().currency().getCurrencyCode(),
                                    deal.details().value().amount().amount(), BigDecimal::add);
                }
            }
            for (Map.Entry<String, Map<String, BigDecimal>> owner : won.entrySet()) {
                json.writeObjectFieldStart(owner.getKey());
                for (Map.Entry<String, BigDecimal> amount : owner.getValue().entrySet()) {
                    json.writeStringField(amount.getKey(), amount.getValue().toPlainString());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            Map<String, BigDecimal[]> wonSums = new java.util.TreeMap<>();
            for (Opportunity deal : report.deals()) {
                if (deal.stage().kind() == StageKind.WON) {
                    BigDecimal[] sum = wonSums.computeIfAbsent(deal.details().value().amount().currency().getCurrencyCode(),
                            code -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                    sum[0] = sum[0].add(deal.details().value().amount().amount());
                    sum[1] = sum[1].add(BigDecimal.ONE);
                }
            }
            json.writeObjectFieldStart("averageWon");
            for (Map.Entry<String, BigDecimal[]> sum : wonSums.entrySet()) {
                json.writeStringField(sum.getKey(), sum.getValue()[0].divide(sum.getValue()[1], 2,
                        java.math.RoundingMode.HALF_UP).toPlainString());
            }
            json.writeEndObject();
            json.writeObjectFieldStart("wonCounts");
            for (Map.Entry<String, BigDecimal[]> sum : wonSums.entrySet()) {
                json.writeNumberField(sum.getKey(), sum.getValue()[1].intValue());
            }
            json.writeEndObject();
            json.writeObjectFieldStart("rates");
            for (Map.Entry<Currency, Map<Currency, BigDecimal>> from : options.rates().entrySet()) {
                json.writeObjectFieldStart(from.getKey().getCurrencyCode());
                for (Map.Entry<Currency, BigDecimal> to : from.getValue().entrySet()) {
                    json.writeStringField(to.getKey().getCurrencyCode(), to.getValue().toPlainString());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        }

        /** The drill-down of the listed deals, then of the largest, up to {@link #MAX_DETAILS}. */
        private void details() throws IOException {
            Set<OpportunityId> wanted = new LinkedHashSet<>();
            report.blockedDeals().forEach(blocked -> wanted.add(blocked.deal().id()));
            report.alerts().stream().limit(MAX_ALERTS).forEach(alert -> wanted.add(alert.opportunityId()));
            wanted.addAll(listed);
            rows.forEach(deal -> wanted.add(deal.id()));
            Map<OpportunityId, Opportunity> byId = new HashMap<>();
            report.deals().forEach(deal -> byId.put(deal.id(), deal));
            json.writeNumberField("detailsShown", Math.min(MAX_DETAILS, wanted.size()));
            json.writeObjectFieldStart("details");
            int written = 0;
            for (OpportunityId id : wanted) {
                if (written++ >= MAX_DETAILS) {
                    break;
                }
                detail(byId.get(id));
            }
            json.writeEndObject();
            // Rows of the listed deals beyond the largest MAX_ROWS, so that every table names its deal's account and
            // every filter applies to it.
            json.writeArrayFieldStart("listedDeals");
            Set<OpportunityId> inRows = new java.util.HashSet<>();
            rows.forEach(deal -> inRows.add(deal.id()));
            for (OpportunityId id : wanted) {
                Opportunity deal = byId.get(id);
                if (!inRows.contains(id) && deal != null) {
                    row(deal);
                }
            }
            json.writeEndArray();
        }

        private void detail(Opportunity deal) throws IOException {
            json.writeObjectFieldStart(deal.id().value());
            json.writeStringField("account", deal.details().account());
            json.writeStringField("owner", deal.details().owner());
            json.writeStringField("stage", deal.stage().displayName());
            json.writeStringField("value", deal.details().value().amount().toString());
            json.writeStringField("expectedClose", deal.details().expectedCloseDate().toString());
            json.writeArrayFieldStart("history");
            for (OpportunityEvent event : deal.history()) {
                json.writeStartArray();
                json.writeString(LocalDate.ofInstant(event.occurredAt(), ZoneOffset.UTC).toString());
                json.writeString(describe(event));
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("evidence");
            for (Evidence evidence : deal.evidence()) {
                json.writeStartArray();
                json.writeString(LocalDate.ofInstant(evidence.recordedAt(), ZoneOffset.UTC).toString());
                json.writeString(evidence.type().id());
                json.writeString(evidence.source().name());
                json.writeString(evidence.note());
                json.writeEndArray();
            }
            json.writeEndArray();
            GateDecision next = report.nextGates().get(deal.id());
            if (next != null) {
                json.writeBooleanField("nextGateAllowed", next.isAllowed());
                json.writeArrayFieldStart("unmet");
                for (UnmetCriterion unmet : next.unmetCriteria()) {
                    json.writeString(unmet.message());
                }
                json.writeEndArray();
            }
            ForecastLine line = lines.get(deal.id());
            if (line != null) {
                json.writeStringField("probability", line.probability().value().toPlainString());
                json.writeStringField("category", line.category().name());
            }
            if (report.winScoring().isPresent() && deal.isOpen()) {
                WinScore score = report.winScoring().get().score(deal, report.asOf());
                json.writeNumberField("score", Math.round(score.probability() * 1000) / 1000.0);
                json.writeArrayFieldStart("factors");
                for (Contribution factor : score.explanation().stream().limit(3).toList()) {
                    json.writeStartArray();
                    json.writeString(factor.feature());
                    json.writeNumber(Math.round(factor.logOdds() * 100) / 100.0);
                    json.writeEndArray();
                }
                json.writeEndArray();
            }
            json.writeArrayFieldStart("alerts");
            for (Alert alert : alertsByDeal.getOrDefault(deal.id(), List.of())) {
                json.writeString(alert.severity() + " " + alert.message());
            }
            json.writeEndArray();
            json.writeEndObject();
        }

        private static String describe(OpportunityEvent event) {
            if (event instanceof OpportunityEvent.Created created) {
                return "created in " + created.stage().value();
            } else if (event instanceof OpportunityEvent.StageChanged changed) {
                return changed.move().name().toLowerCase(java.util.Locale.ROOT) + " " + changed.from().value() + " → "
                        + changed.to().value() + (changed.reason().isEmpty() ? "" : ": " + changed.reason())
                        + (changed.inferred() ? " (inferred by the import)" : "");
            } else if (event instanceof OpportunityEvent.EvidenceRecorded recorded) {
                return "evidence " + recorded.evidence().type().id();
            } else if (event instanceof OpportunityEvent.EvidenceWithdrawn withdrawn) {
                return "evidence " + withdrawn.evidenceId().value() + " withdrawn: " + withdrawn.reason();
            } else if (event instanceof OpportunityEvent.ActivityLogged logged) {
                return "activity " + logged.activity().type().name().toLowerCase(java.util.Locale.ROOT) + ", "
                        + logged.activity().direction().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            }
            return "details changed";
        }

        private void totals(String field, MoneyTotals totals) throws IOException {
            json.writeObjectFieldStart(field);
            for (Map.Entry<Currency, Money> entry : totals.byCurrency().entrySet()) {
                json.writeStringField(entry.getKey().getCurrencyCode(), entry.getValue().amount().toPlainString());
            }
            json.writeEndObject();
        }

        private static double days(Duration duration) {
            return Math.round(duration.toHours() / 2.4) / 10.0;
        }
    }
}
