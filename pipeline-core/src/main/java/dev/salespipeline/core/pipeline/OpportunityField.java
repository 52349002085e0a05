package dev.salespipeline.core.pipeline;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.internal.Checks;

import java.util.Set;

/**
 * A field of an opportunity that a stage can require to be filled, named as in the opportunity's
 * details ({@code primaryContact}, {@code nextStep}…) or as a free-form attribute
 * ({@code attribute:procurementPortal}).
 *
 * @param name a built-in field name or {@code attribute:} followed by an attribute key
 */
public record OpportunityField(String name) {

    // Declared before the constants below, whose construction validates against them.
    private static final String ATTRIBUTE_PREFIX = "attribute:";
    private static final Set<String> BUILT_IN = Set.of("account", "primaryContact", "owner", "value",
            "expectedCloseDate", "stakeholders", "products", "competitors", "source", "segment", "region",
            "channel", "nextStep");
    /** Attribute keys have the shape of stage ids. */
    private static final int ATTRIBUTE_KEY_MAX_LENGTH = PipelineId.MAX_LENGTH;

    public static final OpportunityField ACCOUNT = new OpportunityField("account");
    public static final OpportunityField PRIMARY_CONTACT = new OpportunityField("primaryContact");
    public static final OpportunityField OWNER = new OpportunityField("owner");
    public static final OpportunityField VALUE = new OpportunityField("value");
    public static final OpportunityField EXPECTED_CLOSE_DATE = new OpportunityField("expectedCloseDate");
    public static final OpportunityField STAKEHOLDERS = new OpportunityField("stakeholders");
    public static final OpportunityField PRODUCTS = new OpportunityField("products");
    public static final OpportunityField COMPETITORS = new OpportunityField("competitors");
    public static final OpportunityField SOURCE = new OpportunityField("source");
    public static final OpportunityField SEGMENT = new OpportunityField("segment");
    public static final OpportunityField REGION = new OpportunityField("region");
    public static final OpportunityField CHANNEL = new OpportunityField("channel");
    public static final OpportunityField NEXT_STEP = new OpportunityField("nextStep");

    public OpportunityField {
        Checks.requireName(name, "field");
        if (!BUILT_IN.contains(name)) {
            if (!name.startsWith(ATTRIBUTE_PREFIX)
                    || !Checks.isSimpleIdentifier(name.substring(ATTRIBUTE_PREFIX.length()), ATTRIBUTE_KEY_MAX_LENGTH)) {
                throw new InvalidValueException("field", name,
                        "must be one of " + new java.util.TreeSet<>(BUILT_IN) + " or 'attribute:<key>'");
            }
        }
    }

    public static OpportunityField of(String name) {
        return new OpportunityField(name);
    }

    /** The field for a free-form attribute key. */
    public static OpportunityField attribute(String key) {
        return new OpportunityField(ATTRIBUTE_PREFIX + key);
    }

    /** Whether this names a free-form attribute rather than a built-in field. */
    public boolean isAttribute() {
        return name.startsWith(ATTRIBUTE_PREFIX);
    }

    /** The attribute key; only meaningful when {@link #isAttribute()}. */
    public String attributeKey() {
        return isAttribute() ? name.substring(ATTRIBUTE_PREFIX.length()) : name;
    }

    @Override
    public String toString() {
        return name;
    }
}
