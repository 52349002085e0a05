package dev.salespipeline.core.opportunity;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.internal.Checks;
import dev.salespipeline.core.pipeline.OpportunityField;
import dev.salespipeline.core.pipeline.Probability;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The descriptive fields of an opportunity, which the rep maintains: account, contacts, owner, value,
 * expected close date, products, competitors, source, segment, region, channel, free-form attributes
 * and the next step. Stage, evidence and activities are not details: they change only through the
 * {@link dev.salespipeline.core.transition.TransitionService}.
 *
 * <p>Account, owner, value and expected close date are always required; the rest may be empty, and a
 * stage can require them through its required fields.
 *
 * <p>Immutable and thread-safe; change a copy through {@link #toBuilder()}.
 */
public final class OpportunityDetails {

    private final String account;
    private final String primaryContact;
    private final String owner;
    private final DealValue value;
    private final LocalDate expectedCloseDate;
    private final List<Stakeholder> stakeholders;
    private final Set<String> products;
    private final Set<String> competitors;
    private final String source;
    private final String segment;
    private final String region;
    private final String channel;
    private final Map<String, String> attributes;
    private final NextStep nextStep;
    private final Probability repProbability;

    private OpportunityDetails(Builder builder) {
        this.account = Checks.requireName(required(builder.account, "account"), "account");
        this.owner = Checks.requireName(required(builder.owner, "owner"), "owner");
        this.value = required(builder.value, "value");
        this.expectedCloseDate = required(builder.expectedCloseDate, "expectedCloseDate");
        this.primaryContact = optionalName(builder.primaryContact, "primaryContact");
        this.stakeholders = List.copyOf(Checks.requireSize(builder.stakeholders, "stakeholders"));
        this.products = names(builder.products, "products");
        this.competitors = names(builder.competitors, "competitors");
        this.source = optionalName(builder.source, "source");
        this.segment = optionalName(builder.segment, "segment");
        this.region = optionalName(builder.region, "region");
        this.channel = optionalName(builder.channel, "channel");
        this.attributes = attributes(builder.attributes);
        this.nextStep = builder.nextStep;
        this.repProbability = builder.repProbability;
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new InvalidValueException(field, null, "is required");
        }
        return value;
    }

    private static String optionalName(String value, String field) {
        return value == null ? null : Checks.requireName(value, field);
    }

    private static Set<String> names(Set<String> values, String field) {
        // Most deals name none; one shared empty set instead of an empty LinkedHashSet per deal.
        if (Checks.requireSize(values, field).isEmpty()) {
            return Set.of();
        }
        Set<String> stripped = new LinkedHashSet<>();
        for (String value : values) {
            stripped.add(Checks.requireName(value, field + " element"));
        }
        return java.util.Collections.unmodifiableSet(stripped);
    }

    private static Map<String, String> attributes(Map<String, String> values) {
        if (Checks.requireSize(values.keySet(), "attributes").isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        values.forEach((key, text) -> {
            OpportunityField.attribute(key);
            copy.put(key, Checks.requireText(Objects.requireNonNull(text, "attribute " + key), "attribute " + key));
        });
        return java.util.Collections.unmodifiableMap(copy);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder()
                .account(account).owner(owner).value(value).expectedCloseDate(expectedCloseDate)
                .primaryContact(primaryContact).stakeholders(stakeholders).products(products)
                .competitors(competitors).source(source).segment(segment).region(region).channel(channel)
                .nextStep(nextStep).repProbability(repProbability);
        builder.attributes.putAll(attributes);
        return builder;
    }

    public String account() {
        return account;
    }

    public Optional<String> primaryContact() {
        return Optional.ofNullable(primaryContact);
    }

    /** The rep who owns the deal. */
    public String owner() {
        return owner;
    }

    public DealValue value() {
        return value;
    }

    public LocalDate expectedCloseDate() {
        return expectedCloseDate;
    }

    public List<Stakeholder> stakeholders() {
        return stakeholders;
    }

    /** Whether some stakeholder has this role. */
    public boolean hasStakeholderIn(StakeholderRole role) {
        return stakeholders.stream().anyMatch(stakeholder -> stakeholder.role() == role);
    }

    public Set<String> products() {
        return products;
    }

    public Set<String> competitors() {
        return competitors;
    }

    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    public Optional<String> segment() {
        return Optional.ofNullable(segment);
    }

    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    public Optional<String> channel() {
        return Optional.ofNullable(channel);
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    public Optional<NextStep> nextStep() {
        return Optional.ofNullable(nextStep);
    }

    /**
     * The win probability the rep set by hand, if any. Kept as entered and shown beside the computed
     * one; calibration never overwrites it.
     */
    public Optional<Probability> repProbability() {
        return Optional.ofNullable(repProbability);
    }

    /** Whether the field holds a value: a non-empty text, collection or attribute. */
    public boolean isFilled(OpportunityField field) {
        Objects.requireNonNull(field, "field");
        if (field.isAttribute()) {
            String text = attributes.get(field.attributeKey());
            return text != null && !text.isBlank();
        }
        return switch (field.name()) {
            case "account", "owner", "value", "expectedCloseDate" -> true;
            case "primaryContact" -> primaryContact != null;
            case "stakeholders" -> !stakeholders.isEmpty();
            case "products" -> !products.isEmpty();
            case "competitors" -> !competitors.isEmpty();
            case "source" -> source != null;
            case "segment" -> segment != null;
            case "region" -> region != null;
            case "channel" -> channel != null;
            case "nextStep" -> nextStep != null;
            default -> throw new IllegalStateException("OpportunityField accepted an unknown name: " + field);
        };
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof OpportunityDetails that
                && account.equals(that.account) && Objects.equals(primaryContact, that.primaryContact)
                && owner.equals(that.owner) && value.equals(that.value)
                && expectedCloseDate.equals(that.expectedCloseDate) && stakeholders.equals(that.stakeholders)
                && products.equals(that.products) && competitors.equals(that.competitors)
                && Objects.equals(source, that.source) && Objects.equals(segment, that.segment)
                && Objects.equals(region, that.region) && Objects.equals(channel, that.channel)
                && attributes.equals(that.attributes) && Objects.equals(nextStep, that.nextStep)
                && Objects.equals(repProbability, that.repProbability);
    }

    @Override
    public int hashCode() {
        return Objects.hash(account, primaryContact, owner, value, expectedCloseDate, stakeholders, products,
                competitors, source, segment, region, channel, attributes, nextStep, repProbability);
    }

    @Override
    public String toString() {
        return "OpportunityDetails[account=" + account + ", owner=" + owner + ", value=" + value
                + ", expectedCloseDate=" + expectedCloseDate + "]";
    }

    /**
     * Builds {@link OpportunityDetails}; validation happens in {@link #build()}. Optional text fields
     * accept null for "not filled". Not thread-safe.
     */
    public static final class Builder {

        private String account;
        private String primaryContact;
        private String owner;
        private DealValue value;
        private LocalDate expectedCloseDate;
        private List<Stakeholder> stakeholders = List.of();
        private Set<String> products = Set.of();
        private Set<String> competitors = Set.of();
        private String source;
        private String segment;
        private String region;
        private String channel;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private NextStep nextStep;
        private Probability repProbability;

        private Builder() {
        }

        public Builder account(String account) {
            this.account = account;
            return this;
        }

        public Builder primaryContact(String primaryContact) {
            this.primaryContact = primaryContact;
            return this;
        }

        public Builder owner(String owner) {
            this.owner = owner;
            return this;
        }

        public Builder value(DealValue value) {
            this.value = value;
            return this;
        }

        public Builder expectedCloseDate(LocalDate expectedCloseDate) {
            this.expectedCloseDate = expectedCloseDate;
            return this;
        }

        public Builder stakeholders(List<Stakeholder> stakeholders) {
            this.stakeholders = Objects.requireNonNull(stakeholders, "stakeholders");
            return this;
        }

        public Builder stakeholders(Stakeholder... stakeholders) {
            return stakeholders(List.of(stakeholders));
        }

        public Builder products(Set<String> products) {
            this.products = Objects.requireNonNull(products, "products");
            return this;
        }

        public Builder products(String... products) {
            return products(new LinkedHashSet<>(List.of(products)));
        }

        public Builder competitors(Set<String> competitors) {
            this.competitors = Objects.requireNonNull(competitors, "competitors");
            return this;
        }

        public Builder competitors(String... competitors) {
            return competitors(new LinkedHashSet<>(List.of(competitors)));
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public Builder segment(String segment) {
            this.segment = segment;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder channel(String channel) {
            this.channel = channel;
            return this;
        }

        public Builder attribute(String key, String value) {
            attributes.put(Objects.requireNonNull(key, "attribute key"), value);
            return this;
        }

        public Builder nextStep(NextStep nextStep) {
            this.nextStep = nextStep;
            return this;
        }

        /** The rep's own estimate; null for none. */
        public Builder repProbability(Probability repProbability) {
            this.repProbability = repProbability;
            return this;
        }

        public OpportunityDetails build() {
            return new OpportunityDetails(this);
        }
    }
}
