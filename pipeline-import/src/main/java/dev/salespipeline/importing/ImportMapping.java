package dev.salespipeline.importing;

import dev.salespipeline.core.opportunity.ValueKind;
import dev.salespipeline.core.pipeline.PipelineId;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.importing.internal.Derivation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Currency;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to read one kind of export: which columns hold which {@link ImportField}, how the source's stage
 * names map to the stages of one pipeline, and how dates and amounts are written.
 *
 * <p>Start from {@link #salesforce()}, {@link #hubspot()} or {@link #csv(String)} and change what
 * differs with {@link #toBuilder()}, or read a mapping file with {@link #parse(Path)}. Column headers
 * and stage names match case-insensitively, ignoring surrounding spaces. A stage name that the stage
 * table does not list matches a stage of the pipeline by its id or display name.
 *
 * <p>Immutable and thread-safe.
 */
public final class ImportMapping {

    private final ImportFormat format;
    private final PipelineId pipeline;
    private final CsvLayout layout;
    private final Map<ImportField, List<String>> columns;
    private final Map<ImportField, List<String>> historyColumns;
    private final Map<String, List<String>> attributes;
    private final Map<String, StageId> stages;
    private final String sourcePipeline;
    private final Currency currency;
    private final ValueKind valueKind;
    private final ZoneId zone;
    private final List<String> datePatterns;
    private final char decimalSeparator;
    private final char delimiter;
    private final boolean blankValueIsZero;
    private final boolean probabilityInPercent;
    private final Charset charset;
    private final Map<ImportField, String> constants;
    private final Map<ImportField, String> defaultValues;
    private final Map<ImportField, Derivation> derivations;
    private final String idTemplate;
    private final Set<ImportField> chosenColumns;

    private ImportMapping(Builder builder) {
        this.format = builder.format;
        this.pipeline = builder.pipeline;
        this.layout = builder.layout;
        this.columns = Collections.unmodifiableMap(copy(builder.columns));
        this.historyColumns = Collections.unmodifiableMap(copy(builder.historyColumns));
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(builder.attributes));
        this.stages = Collections.unmodifiableMap(new LinkedHashMap<>(builder.stages));
        this.sourcePipeline = builder.sourcePipeline;
        this.currency = builder.currency;
        this.valueKind = builder.valueKind;
        this.zone = builder.zone;
        this.datePatterns = List.copyOf(builder.datePatterns);
        this.decimalSeparator = builder.decimalSeparator;
        this.delimiter = builder.delimiter;
        this.blankValueIsZero = builder.blankValueIsZero;
        this.probabilityInPercent = builder.probabilityInPercent;
        this.charset = builder.charset;
        this.constants = Collections.unmodifiableMap(new EnumMap<>(builder.constants));
        this.defaultValues = Collections.unmodifiableMap(new EnumMap<>(builder.defaultValues));
        this.derivations = Collections.unmodifiableMap(new EnumMap<>(builder.derivations));
        this.idTemplate = builder.idTemplate;
        this.chosenColumns = Collections.unmodifiableSet(builder.chosenColumns.isEmpty()
                ? EnumSet.noneOf(ImportField.class) : EnumSet.copyOf(builder.chosenColumns));
    }

    private static Map<ImportField, List<String>> copy(Map<ImportField, List<String>> columns) {
        Map<ImportField, List<String>> copy = new EnumMap<>(ImportField.class);
        columns.forEach((field, headers) -> copy.put(field, List.copyOf(headers)));
        return copy;
    }

    /**
     * A Salesforce opportunities export, by API names (data export) or labels (report), onto
     * {@code DefaultPipelines.classic()}, with Salesforce's standard stage picklist, probability in
     * percent, and dates as ISO or US {@code M/d/yyyy}.
     */
    public static ImportMapping salesforce() {
        return builder(ImportFormat.SALESFORCE, "classic")
                .column(ImportField.ID, "Id", "Opportunity ID")
                .column(ImportField.NAME, "Name", "Opportunity Name")
                .column(ImportField.ACCOUNT, "Account Name", "Account.Name", "AccountName", "Account", "AccountId")
                .column(ImportField.OWNER, "Opportunity Owner", "Owner.Name", "Owner Name", "Owner", "OwnerId")
                .column(ImportField.VALUE, "Amount")
                .column(ImportField.CURRENCY, "CurrencyIsoCode", "Opportunity Currency", "Amount Currency")
                .column(ImportField.CREATED, "CreatedDate", "Created Date")
                .column(ImportField.CLOSE_DATE, "CloseDate", "Close Date")
                .column(ImportField.STAGE, "StageName", "Stage")
                .column(ImportField.PROBABILITY, "Probability", "Probability (%)")
                .column(ImportField.SOURCE, "LeadSource", "Lead Source")
                .column(ImportField.LOSS_REASON, "Loss_Reason__c", "Loss Reason")
                .column(ImportField.CLOSED, "IsClosed", "Closed")
                .column(ImportField.WON, "IsWon", "Won")
                .historyColumn(ImportField.ID, "OpportunityId", "Opportunity ID")
                .historyColumn(ImportField.STAGE, "StageName", "Stage", "To Stage")
                .historyColumn(ImportField.CHANGED_AT, "CreatedDate", "Created Date", "Edit Date")
                .historyColumn(ImportField.VALUE, "Amount")
                .historyColumn(ImportField.CLOSE_DATE, "CloseDate", "Close Date")
                .attribute("type", "Type")
                .attribute("forecast-category", "ForecastCategoryName", "ForecastCategory", "Forecast Category")
                .stage("Prospecting", "prospecting")
                .stage("Qualification", "qualification")
                .stage("Needs Analysis", "needs-analysis")
                .stage("Value Proposition", "needs-analysis")
                .stage("Id. Decision Makers", "needs-analysis")
                .stage("Perception Analysis", "proposal")
                .stage("Proposal/Price Quote", "proposal")
                .stage("Negotiation/Review", "negotiation")
                .stage("Closed Won", "closed-won")
                .stage("Closed Lost", "closed-lost")
                .datePatterns("M/d/yyyy", "M/d/yyyy h:mm a", "M/d/yyyy H:mm")
                .probabilityInPercent(true)
                .asDefaults()
                .build();
    }

    /**
     * A HubSpot deals export, by column labels or internal property names, onto
     * {@code DefaultPipelines.classic()}, with HubSpot's default sales-pipeline stages; the stage
     * history comes from the {@code Date entered "<stage> (<pipeline>)"} columns.
     */
    public static ImportMapping hubspot() {
        return builder(ImportFormat.HUBSPOT, "classic")
                .column(ImportField.ID, "Record ID", "Deal ID", "hs_object_id")
                .column(ImportField.NAME, "Deal Name", "dealname")
                .column(ImportField.ACCOUNT, "Associated Company", "Associated Company (Primary)", "Company name",
                        "Company")
                .column(ImportField.OWNER, "Deal owner", "hubspot_owner_id")
                .column(ImportField.VALUE, "Amount", "amount")
                .column(ImportField.CURRENCY, "Currency", "Deal currency code", "deal_currency_code")
                .column(ImportField.CREATED, "Create Date", "createdate")
                .column(ImportField.CLOSE_DATE, "Close Date", "closedate")
                .column(ImportField.STAGE, "Deal Stage", "dealstage")
                .column(ImportField.PROBABILITY, "Deal probability", "hs_deal_stage_probability")
                .column(ImportField.PIPELINE, "Pipeline", "pipeline")
                .attribute("pipeline", "Pipeline")
                .attribute("deal-type", "Deal Type", "dealtype")
                .stage("Appointment Scheduled", "prospecting").stage("appointmentscheduled", "prospecting")
                .stage("Qualified To Buy", "qualification").stage("qualifiedtobuy", "qualification")
                .stage("Presentation Scheduled", "needs-analysis").stage("presentationscheduled", "needs-analysis")
                .stage("Decision Maker Bought-In", "proposal").stage("decisionmakerboughtin", "proposal")
                .stage("Contract Sent", "negotiation").stage("contractsent", "negotiation")
                .stage("Closed Won", "closed-won").stage("closedwon", "closed-won")
                .stage("Closed Lost", "closed-lost").stage("closedlost", "closed-lost")
                .asDefaults()
                .build();
    }

    /**
     * A generic CSV onto the pipeline {@code pipelineId}, one row per deal, whose headers are the
     * fields' mapping names ({@code id}, {@code account}, {@code close-date}…) and whose stage names are
     * the pipeline's stage ids or display names. Change what differs with {@link #toBuilder()}.
     */
    public static ImportMapping csv(String pipelineId) {
        Builder builder = builder(ImportFormat.CSV, pipelineId);
        for (ImportField field : ImportField.values()) {
            builder.column(field, field.mappingName());
        }
        return builder.asDefaults().build();
    }

    /** The defaults of {@code format}: {@link #salesforce()}, {@link #hubspot()} or {@code csv("evidence-based")}. */
    public static ImportMapping defaults(ImportFormat format) {
        return switch (Objects.requireNonNull(format, "format")) {
            case SALESFORCE -> salesforce();
            case HUBSPOT -> hubspot();
            case CSV -> csv("evidence-based");
        };
    }

    /** An empty mapping of {@code format} onto the pipeline {@code pipelineId}. */
    public static Builder builder(ImportFormat format, String pipelineId) {
        return new Builder(format, PipelineId.of(pipelineId));
    }

    /**
     * Reads a mapping file (UTF-8); see docs/importing.md. A {@code format} line first picks the
     * defaults the rest of the file changes; {@code stage} lines add to the format's stage table, or
     * replace an entry of it, unless a {@code pipeline} line picks another pipeline than the format's,
     * whose stage table then holds the {@code stage} lines alone.
     *
     * @throws InvalidMappingException naming the file, the line and what is wrong
     */
    public static ImportMapping parse(Path file) {
        Objects.requireNonNull(file, "file");
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(String.valueOf(file.getFileName()), reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the mapping file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a mapping from {@code reader}; {@code name} is used in error messages. */
    public static ImportMapping parse(String name, Reader reader) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reader, "reader");
        List<String> lines;
        try {
            lines = new BufferedReader(reader).lines().toList();
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("Cannot read the mapping " + name + ": " + e.getCause().getMessage(), e.getCause());
        }
        return new MappingFileParser(name, lines).parse();
    }

    public Builder toBuilder() {
        Builder builder = new Builder(format, pipeline);
        builder.layout = layout;
        columns.forEach(builder.columns::put);
        historyColumns.forEach(builder.historyColumns::put);
        builder.attributes.putAll(attributes);
        builder.stages.putAll(stages);
        builder.sourcePipeline = sourcePipeline;
        builder.currency = currency;
        builder.valueKind = valueKind;
        builder.zone = zone;
        builder.datePatterns.addAll(datePatterns);
        builder.decimalSeparator = decimalSeparator;
        builder.delimiter = delimiter;
        builder.blankValueIsZero = blankValueIsZero;
        builder.probabilityInPercent = probabilityInPercent;
        builder.charset = charset;
        builder.constants.putAll(constants);
        builder.defaultValues.putAll(defaultValues);
        builder.derivations.putAll(derivations);
        builder.idTemplate = idTemplate;
        builder.chosenColumns.addAll(chosenColumns);
        return builder;
    }

    public ImportFormat format() {
        return format;
    }

    /** The pipeline every imported deal belongs to. */
    public PipelineId pipeline() {
        return pipeline;
    }

    /** The layout of a generic CSV; ignored for Salesforce and HubSpot. */
    public CsvLayout layout() {
        return layout;
    }

    /** The headers each field may have in the main file, tried in order; the first present is used. */
    public Map<ImportField, List<String>> columns() {
        return columns;
    }

    /** The headers of each field in a Salesforce OpportunityHistory export. */
    public Map<ImportField, List<String>> historyColumns() {
        return historyColumns;
    }

    /** Extra columns kept as opportunity attributes, by attribute name. */
    public Map<String, List<String>> attributes() {
        return attributes;
    }

    /** The stage table: source stage name, lower-cased and stripped, to stage id. */
    public Map<String, StageId> stages() {
        return stages;
    }

    /** The CRM pipeline whose rows are imported, if set; rows naming another pipeline are skipped. */
    public Optional<String> sourcePipeline() {
        return Optional.ofNullable(sourcePipeline);
    }

    /** The currency of amounts when the file has no currency column, if set. */
    public Optional<Currency> currency() {
        return Optional.ofNullable(currency);
    }

    public ValueKind valueKind() {
        return valueKind;
    }

    /** The time zone of dates and date-times that carry no offset. */
    public ZoneId zone() {
        return zone;
    }

    /** {@link DateTimeFormatter} patterns tried after the ISO forms, in order. */
    public List<String> datePatterns() {
        return datePatterns;
    }

    /** The decimal separator of amounts: {@code '.'} or {@code ','}. */
    public char decimalSeparator() {
        return decimalSeparator;
    }

    /** The character between cells: {@code ','} (the default), {@code ';'}, or a tab. */
    public char delimiter() {
        return delimiter;
    }

    /** Whether a blank amount is imported as zero; otherwise the row is rejected. */
    public boolean blankValueIsZero() {
        return blankValueIsZero;
    }

    /** Whether probabilities are written in percent (0–100) rather than as fractions (0–1). */
    public boolean probabilityInPercent() {
        return probabilityInPercent;
    }

    /**
     * The charset export files are written in, UTF-8 by default. A byte-order mark at the start of a
     * file overrides it: UTF-8, UTF-16LE or UTF-16BE, as the mark says.
     */
    public Charset charset() {
        return charset;
    }

    /** Fields every row reads as the same text, whatever the file holds ({@code constant created = 2024-01-01}). */
    public Map<ImportField, String> constants() {
        return constants;
    }

    /** The text a field reads when its column is absent or its cell blank ({@code default region = EMEA}). */
    public Map<ImportField, String> defaultValues() {
        return defaultValues;
    }

    /**
     * Fields computed from other cells of the row, as the mapping wrote them
     * ({@code derive close-date = Created + Days to close}); see {@link Builder#derived}.
     */
    public Map<ImportField, String> derivations() {
        Map<ImportField, String> texts = new EnumMap<>(ImportField.class);
        derivations.forEach((field, derivation) -> texts.put(field, derivation.text()));
        return Collections.unmodifiableMap(texts);
    }

    /**
     * The template of generated deal ids, holding {@code {line}}, if the export has no id column; each
     * row's id is the template with its line number.
     */
    public Optional<String> idTemplate() {
        return Optional.ofNullable(idTemplate);
    }

    /**
     * Whether {@code field} has a value on every row without a column of its own: a constant, a
     * derivation, a default or (for the id) generated ids.
     */
    public boolean suppliesWithoutColumn(ImportField field) {
        return constants.containsKey(field) || derivations.containsKey(field) || defaultValues.containsKey(field)
                || (field == ImportField.ID && idTemplate != null);
    }

    /**
     * The fields whose columns the mapping chose itself, rather than took from its format's defaults. A
     * column one of them names is theirs: a default header of another field ({@code Closed} for the
     * closed flag) does not bind to it.
     */
    public Set<ImportField> chosenColumns() {
        return chosenColumns;
    }

    @Override
    public String toString() {
        return "ImportMapping[" + format + " onto " + pipeline + ", " + stages.size() + " stage names]";
    }

    /** The stage the stage table maps {@code sourceName} to, matching case-insensitively and stripped. */
    public Optional<StageId> mappedStage(String sourceName) {
        return Optional.ofNullable(stages.get(stageKey(Objects.requireNonNull(sourceName, "sourceName"))));
    }

    private static String stageKey(String sourceName) {
        return sourceName.strip().toLowerCase(Locale.ROOT);
    }

    /** Builds an {@link ImportMapping}; every setter checks its argument and names it when refusing. */
    public static final class Builder {

        private final ImportFormat format;
        private PipelineId pipeline;
        private CsvLayout layout = CsvLayout.DEAL_PER_ROW;
        private final Map<ImportField, List<String>> columns = new EnumMap<>(ImportField.class);
        private final Map<ImportField, List<String>> historyColumns = new EnumMap<>(ImportField.class);
        private final Map<String, List<String>> attributes = new LinkedHashMap<>();
        private final Map<String, StageId> stages = new LinkedHashMap<>();
        private String sourcePipeline;
        private Currency currency;
        private ValueKind valueKind = ValueKind.TCV;
        private ZoneId zone = ZoneOffset.UTC;
        private final List<String> datePatterns = new ArrayList<>();
        private char decimalSeparator = '.';
        private char delimiter = ',';
        private boolean blankValueIsZero;
        private boolean probabilityInPercent;
        private Charset charset = StandardCharsets.UTF_8;
        private final Map<ImportField, String> constants = new EnumMap<>(ImportField.class);
        private final Map<ImportField, String> defaultValues = new EnumMap<>(ImportField.class);
        private final Map<ImportField, Derivation> derivations = new EnumMap<>(ImportField.class);
        private String idTemplate;
        private final Set<ImportField> chosenColumns = EnumSet.noneOf(ImportField.class);

        private Builder(ImportFormat format, PipelineId pipeline) {
            this.format = Objects.requireNonNull(format, "format");
            this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        }

        /** The pipeline, by id in the catalogue given to {@link CrmImport}, that every deal belongs to. */
        public Builder pipeline(String pipelineId) {
            this.pipeline = PipelineId.of(Objects.requireNonNull(pipelineId, "pipelineId").strip());
            return this;
        }

        /**
         * Imports only the rows whose {@link ImportField#PIPELINE} cell is {@code name} (ignoring case),
         * and skips the others: for an export that spans several CRM pipelines.
         */
        public Builder sourcePipeline(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new InvalidMappingException("source-pipeline must not be blank");
            }
            this.sourcePipeline = name.strip();
            return this;
        }

        public Builder layout(CsvLayout layout) {
            this.layout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        /** The headers {@code field} may have, tried in order; replaces any set before. */
        public Builder column(ImportField field, String... headers) {
            columns.put(Objects.requireNonNull(field, "field"), headers(field.mappingName(), headers));
            chosenColumns.add(field);
            return this;
        }

        /** Marks the columns set so far as the format's defaults rather than choices of this mapping. */
        private Builder asDefaults() {
            chosenColumns.clear();
            return this;
        }

        /**
         * Every row reads {@code text} for {@code field}, parsed as a cell of the field would be; the file
         * needs no column for it ({@code created = 2024-01-01}, {@code stage = Closed Won}). Not for the id:
         * every deal would have the same one (see {@link #generatedIds}).
         */
        public Builder constant(ImportField field, String text) {
            Objects.requireNonNull(field, "field");
            if (field == ImportField.ID) {
                throw new InvalidMappingException("id cannot be a constant: every deal would have the same id;"
                        + " generate ids with 'generate id = deal-{line}'");
            }
            constants.put(field, nonBlank("constant " + field.mappingName(), text));
            return this;
        }

        /** {@code field} reads {@code text} on the rows whose cell is blank, or when the file has no such column. */
        public Builder defaultValue(ImportField field, String text) {
            Objects.requireNonNull(field, "field");
            defaultValues.put(field, nonBlank("default " + field.mappingName(), text));
            return this;
        }

        /**
         * Computes {@code field} from other cells of the row. Operands are column headers (or field names,
         * for a field given by a constant, a default or its column), joined by an operator with a space on
         * each side:
         * <ul>
         *   <li>{@code Created + Days to close}: for the dates {@code created}, {@code close-date} and
         *       {@code changed-at}, a date plus or minus whole days (a column of them, or a number);</li>
         *   <li>{@code Licences + Services - Discount}: for {@code value}, a sum of amounts;</li>
         *   <li>{@code Amount | Expected amount}: for any field, the first cell that is not blank.</li>
         * </ul>
         * A blank operand leaves the field blank (where the field's default, if any, applies).
         */
        public Builder derived(ImportField field, String expression) {
            Objects.requireNonNull(field, "field");
            derivations.put(field, Derivation.parse(field, nonBlank("derive " + field.mappingName(), expression)));
            return this;
        }

        /**
         * Generates each deal's id from {@code template} and the row's line number, for an export without
         * an id column: {@code deal-{line}} gives {@code deal-2}, {@code deal-3}… One row per deal only, and
         * not with a history export, whose rows must name their deal.
         */
        public Builder generatedIds(String template) {
            String checked = nonBlank("generate id", template);
            if (!checked.contains("{line}")) {
                throw new InvalidMappingException("generate id must hold {line}, which becomes each row's line"
                        + " number (such as deal-{line}), but was '" + checked + "'");
            }
            this.idTemplate = checked;
            return this;
        }

        private static String nonBlank(String what, String text) {
            Objects.requireNonNull(text, what);
            if (text.isBlank()) {
                throw new InvalidMappingException(what + " must not be blank");
            }
            return text.strip();
        }

        /** Reads {@code field} from no column of the main file. */
        public Builder noColumn(ImportField field) {
            columns.remove(Objects.requireNonNull(field, "field"));
            return this;
        }

        /** The headers {@code field} may have in a Salesforce OpportunityHistory export. */
        public Builder historyColumn(ImportField field, String... headers) {
            historyColumns.put(Objects.requireNonNull(field, "field"), headers(field.mappingName(), headers));
            return this;
        }

        /** Keeps the column with one of {@code headers}, when present, as the attribute {@code name}. */
        public Builder attribute(String name, String... headers) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new InvalidMappingException("attribute name must not be blank");
            }
            attributes.put(name.strip(), headers(name, headers));
            return this;
        }

        /** Maps the source stage {@code sourceName} to the pipeline's stage {@code stageId}. */
        public Builder stage(String sourceName, String stageId) {
            Objects.requireNonNull(sourceName, "sourceName");
            Objects.requireNonNull(stageId, "stageId");
            if (sourceName.isBlank()) {
                throw new InvalidMappingException("a stage name must not be blank (mapped to '" + stageId + "')");
            }
            stages.put(stageKey(sourceName), StageId.of(stageId.strip()));
            return this;
        }

        /** Empties the stage table, so that stage names match the pipeline's stages alone. */
        public Builder clearStages() {
            stages.clear();
            return this;
        }

        public Builder currency(String currencyCode) {
            Objects.requireNonNull(currencyCode, "currencyCode");
            try {
                this.currency = Currency.getInstance(currencyCode.strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidMappingException("currency must be an ISO 4217 code such as EUR, but was '"
                        + currencyCode + "'");
            }
            return this;
        }

        public Builder valueKind(ValueKind valueKind) {
            this.valueKind = Objects.requireNonNull(valueKind, "valueKind");
            return this;
        }

        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** Adds {@link DateTimeFormatter} patterns to try after the ISO forms (for example {@code d/M/yyyy}). */
        public Builder datePatterns(String... patterns) {
            for (String pattern : patterns) {
                Objects.requireNonNull(pattern, "pattern");
                try {
                    DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    throw new InvalidMappingException("date pattern '" + pattern + "' is not a DateTimeFormatter pattern: "
                            + e.getMessage());
                }
                datePatterns.add(pattern);
            }
            return this;
        }

        /** Forgets the date patterns set so far, leaving the ISO forms. */
        public Builder clearDatePatterns() {
            datePatterns.clear();
            return this;
        }

        public Builder decimalSeparator(char separator) {
            if (separator != '.' && separator != ',') {
                throw new InvalidMappingException("decimal separator must be '.' or ',', but was '" + separator + "'");
            }
            this.decimalSeparator = separator;
            return this;
        }

        public Builder delimiter(char delimiter) {
            if (delimiter != ',' && delimiter != ';' && delimiter != '\t' && delimiter != '|') {
                throw new InvalidMappingException("delimiter must be ',', ';', '|' or a tab, but was '" + delimiter + "'");
            }
            this.delimiter = delimiter;
            return this;
        }

        public Builder blankValueIsZero(boolean blankValueIsZero) {
            this.blankValueIsZero = blankValueIsZero;
            return this;
        }

        public Builder probabilityInPercent(boolean probabilityInPercent) {
            this.probabilityInPercent = probabilityInPercent;
            return this;
        }

        /** The charset of the export files, by any name Java knows: {@code windows-1252}, {@code ISO-8859-1}… */
        public Builder charset(String charsetName) {
            Objects.requireNonNull(charsetName, "charsetName");
            try {
                this.charset = Charset.forName(charsetName.strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidMappingException("charset must be one Java knows, such as UTF-8, windows-1252 or"
                        + " ISO-8859-1, but was '" + charsetName + "'");
            }
            return this;
        }

        public ImportMapping build() {
            boolean idGiven = columns.containsKey(ImportField.ID) || idTemplate != null;
            boolean stageGiven = columns.containsKey(ImportField.STAGE) || constants.containsKey(ImportField.STAGE)
                    || derivations.containsKey(ImportField.STAGE) || defaultValues.containsKey(ImportField.STAGE);
            if (!idGiven || !stageGiven) {
                throw new InvalidMappingException("a mapping needs the columns of 'id' and 'stage', but has "
                        + columns.keySet().stream().map(ImportField::mappingName).toList());
            }
            for (ImportField field : constants.keySet()) {
                if (derivations.containsKey(field) || defaultValues.containsKey(field)) {
                    throw new InvalidMappingException(field.mappingName() + " is a constant, so it can be neither"
                            + " derived nor defaulted");
                }
            }
            if (idTemplate != null && layout == CsvLayout.CHANGE_PER_ROW && format == ImportFormat.CSV) {
                throw new InvalidMappingException("generate id needs one row per deal: the rows of one deal in"
                        + " layout change-per-row must share its id");
            }
            derivations.forEach((field, derivation) -> {
                for (String operand : derivation.operands()) {
                    ImportField.fromMappingName(operand).filter(derivations::containsKey).ifPresent(derived -> {
                        throw new InvalidMappingException("derive " + field.mappingName() + " uses "
                                + derived.mappingName() + ", which is derived itself: use the columns it is derived from");
                    });
                }
            });
            return new ImportMapping(this);
        }

        private static List<String> headers(String what, String... headers) {
            Objects.requireNonNull(headers, "headers");
            if (headers.length == 0) {
                throw new InvalidMappingException("'" + what + "' needs at least one column header");
            }
            List<String> stripped = new ArrayList<>();
            for (String header : Arrays.asList(headers)) {
                Objects.requireNonNull(header, "header");
                if (header.isBlank()) {
                    throw new InvalidMappingException("a column header of '" + what + "' must not be blank");
                }
                stripped.add(header.strip());
            }
            return stripped;
        }
    }

    /** The mapping-file reader: {@code key = value} lines, {@code #} comments. */
    private static final class MappingFileParser {

        private final String name;
        private final List<String> lines;
        private boolean datePatternsGiven;

        MappingFileParser(String name, List<String> lines) {
            this.name = name;
            this.lines = lines;
        }

        ImportMapping parse() {
            Builder builder = null;
            Map<String, String> stageLines = new LinkedHashMap<>();
            for (int index = 0; index < lines.size(); index++) {
                int lineNumber = index + 1;
                String line = lines.get(index).strip();
                if (index == 0 && line.startsWith("\uFEFF")) {
                    line = line.substring(1).strip();
                }
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int equals = line.indexOf('=');
                if (equals < 0) {
                    throw error(lineNumber, "expected 'key = value', but was '" + line + "'");
                }
                String key = line.substring(0, equals).strip();
                String value = line.substring(equals + 1).strip();
                if (value.isEmpty()) {
                    throw error(lineNumber, "'" + key + "' has no value");
                }
                if (key.equals("format")) {
                    if (builder != null) {
                        throw error(lineNumber, "'format' must come before every other line, since it picks the "
                                + "defaults they change");
                    }
                    builder = defaults(value.equalsIgnoreCase("generic") ? ImportFormat.CSV
                            : choice(lineNumber, key, value, ImportFormat.class)).toBuilder();
                    continue;
                }
                if (builder == null) {
                    builder = defaults(ImportFormat.CSV).toBuilder();
                }
                try {
                    apply(builder, lineNumber, key, value, stageLines);
                } catch (IllegalArgumentException e) {
                    if (e.getMessage() != null && e.getMessage().startsWith(name + ":")) {
                        throw e;
                    }
                    throw error(lineNumber, e.getMessage());
                }
            }
            if (builder == null) {
                throw error(0, "the mapping is empty");
            }
            if (!builder.pipeline.equals(defaults(builder.format).pipeline())) {
                // The format's stage table maps onto its own pipeline's stages; another pipeline starts empty.
                builder.clearStages();
            }
            stageLines.forEach(builder::stage);
            try {
                return builder.build();
            } catch (InvalidMappingException e) {
                throw error(0, e.getMessage());
            }
        }

        private void apply(Builder builder, int line, String key, String value, Map<String, String> stageLines) {
            int space = key.indexOf(' ');
            String word = space < 0 ? key : key.substring(0, space);
            String rest = space < 0 ? "" : key.substring(space + 1).strip();
            switch (word) {
                case "pipeline" -> builder.pipeline(value);
                case "column", "history-column" -> {
                    ImportField field = ImportField.fromMappingName(rest).orElseThrow(() -> error(line,
                            "unknown field '" + rest + "'; the fields are " + fieldNames()));
                    String[] headers = Arrays.stream(value.split("\\|")).map(String::strip).toArray(String[]::new);
                    if (word.equals("column")) {
                        builder.column(field, headers);
                    } else {
                        builder.historyColumn(field, headers);
                    }
                }
                case "constant", "default", "derive" -> {
                    ImportField field = ImportField.fromMappingName(rest).orElseThrow(() -> error(line,
                            "unknown field '" + rest + "'; the fields are " + fieldNames()));
                    switch (word) {
                        case "constant" -> builder.constant(field, value);
                        case "default" -> builder.defaultValue(field, value);
                        default -> builder.derived(field, value);
                    }
                }
                case "generate" -> {
                    if (!rest.equals("id")) {
                        throw error(line, "only ids can be generated: 'generate id = deal-{line}', but was '" + key + "'");
                    }
                    builder.generatedIds(value);
                }
                case "attribute" -> builder.attribute(rest, Arrays.stream(value.split("\\|")).map(String::strip)
                        .toArray(String[]::new));
                case "stage" -> {
                    if (rest.isEmpty()) {
                        throw error(line, "expected 'stage <source stage name> = <stage id>'");
                    }
                    stageLines.put(rest, value);
                }
                case "layout" -> builder.layout(choice(line, key, value, CsvLayout.class));
                case "source-pipeline" -> builder.sourcePipeline(value);
                case "currency" -> builder.currency(value);
                case "charset" -> builder.charset(value);
                case "value-kind" -> builder.valueKind(choice(line, key, value, ValueKind.class));
                case "zone" -> {
                    try {
                        builder.zone(ZoneId.of(value));
                    } catch (DateTimeException e) {
                        throw error(line, "zone must be a time-zone id such as UTC or Asia/Jakarta, but was '" + value + "'");
                    }
                }
                case "date-format" -> {
                    if (!datePatternsGiven) {
                        // The file's own patterns replace the format's: a Spanish org's 06/01/2025 must not be
                        // read as 1 June by Salesforce's US M/d/yyyy first.
                        builder.clearDatePatterns();
                        datePatternsGiven = true;
                    }
                    builder.datePatterns(value);
                }
                case "decimal-separator" -> {
                    if (value.length() != 1) {
                        throw error(line, "decimal-separator must be . or , but was '" + value + "'");
                    }
                    builder.decimalSeparator(value.charAt(0));
                }
                case "delimiter" -> builder.delimiter(switch (value) {
                    case ",", ";", "|" -> value.charAt(0);
                    case "tab" -> '\t';
                    default -> throw error(line, "delimiter must be , ; | or tab, but was '" + value + "'");
                });
                case "blank-value" -> builder.blankValueIsZero(switch (value) {
                    case "zero" -> true;
                    case "reject" -> false;
                    default -> throw error(line, "blank-value must be 'reject' or 'zero', but was '" + value + "'");
                });
                case "probability" -> builder.probabilityInPercent(switch (value) {
                    case "percent" -> true;
                    case "fraction" -> false;
                    default -> throw error(line, "probability must be 'percent' or 'fraction', but was '" + value + "'");
                });
                default -> throw error(line, "unknown key '" + key + "'; the keys are format, pipeline, source-pipeline, layout, currency, "
                        + "charset, value-kind, zone, date-format, decimal-separator, delimiter, blank-value, probability, column <field>, "
                        + "history-column <field>, constant <field>, default <field>, derive <field>, generate id, attribute <name> and stage"
                        + " <source stage name>");
            }
        }

        private <E extends Enum<E>> E choice(int line, String key, String value, Class<E> type) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(value.replace('-', '_'))) {
                    return constant;
                }
            }
            throw error(line, key + " must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(constant -> constant.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList()
                    + ", but was '" + value + "'");
        }

        private static List<String> fieldNames() {
            return Arrays.stream(ImportField.values()).map(ImportField::mappingName).toList();
        }

        private InvalidMappingException error(int line, String message) {
            return new InvalidMappingException(name + ":" + line + ": " + message);
        }
    }
}
