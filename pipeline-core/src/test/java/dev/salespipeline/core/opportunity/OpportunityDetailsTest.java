package dev.salespipeline.core.opportunity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.pipeline.OpportunityField;
import dev.salespipeline.core.testing.Deals;

import org.junit.jupiter.api.Test;

class OpportunityDetailsTest {

    @Test
    void alwaysRequiredFieldsAreNamedWhenMissing() {
        assertThatThrownBy(() -> Deals.minimalDetails().toBuilder().account(null).build())
                .isInstanceOf(InvalidValueException.class).hasMessage("account is required, but was null");
        assertThatThrownBy(() -> Deals.minimalDetails().toBuilder().owner("  ").build())
                .hasMessage("owner must not be blank, but was \"  \"");
        assertThatThrownBy(() -> Deals.minimalDetails().toBuilder().value(null).build())
                .hasMessage("value is required, but was null");
        assertThatThrownBy(() -> Deals.minimalDetails().toBuilder().expectedCloseDate(null).build())
                .hasMessage("expectedCloseDate is required, but was null");
    }

    @Test
    void optionalFieldsAreEitherAbsentOrNonBlank() {
        assertThatThrownBy(() -> Deals.minimalDetails().toBuilder().region("").build())
                .hasMessage("region must not be blank, but was \"\"");
        assertThatThrownBy(() -> Deals.minimalDetails().toBuilder().products("ok", " ").build())
                .hasMessage("products element must not be blank, but was \" \"");
        assertThatThrownBy(() -> Deals.minimalDetails().toBuilder().attribute("bad key", "x").build())
                .hasMessageEndingWith("but was \"attribute:bad key\"");
    }

    @Test
    void enormousTextIsRefusedWithItsLength() {
        String huge = "x".repeat(300);
        assertThatThrownBy(() -> Deals.minimalDetails().toBuilder().account(huge).build())
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("account must be at most 200 characters long (it has 300), but was \"xxx")
                .hasMessageEndingWith("...\"");
    }

    @Test
    void negativeValueIsRefused() {
        assertThatThrownBy(() -> DealValue.of(Money.of("-1", "EUR"), ValueKind.TCV))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("value must not be negative, but was EUR -1.00");
    }

    @Test
    void filledFieldsAreReportedPerField() {
        OpportunityDetails minimal = Deals.minimalDetails();
        assertThat(minimal.isFilled(OpportunityField.ACCOUNT)).isTrue();
        assertThat(minimal.isFilled(OpportunityField.PRIMARY_CONTACT)).isFalse();
        assertThat(minimal.isFilled(OpportunityField.NEXT_STEP)).isFalse();
        OpportunityDetails complete = Deals.completeDetails().toBuilder().attribute("portal", "ariba").build();
        assertThat(complete.isFilled(OpportunityField.PRIMARY_CONTACT)).isTrue();
        assertThat(complete.isFilled(OpportunityField.STAKEHOLDERS)).isTrue();
        assertThat(complete.isFilled(OpportunityField.attribute("portal"))).isTrue();
        assertThat(complete.isFilled(OpportunityField.attribute("erp"))).isFalse();
        assertThat(complete.hasStakeholderIn(StakeholderRole.ECONOMIC_BUYER)).isTrue();
        assertThat(complete.hasStakeholderIn(StakeholderRole.LEGAL)).isFalse();
    }

    @Test
    void toBuilderRoundTrips() {
        OpportunityDetails complete = Deals.completeDetails().toBuilder().attribute("portal", "ariba").build();
        assertThat(complete.toBuilder().build()).isEqualTo(complete).hasSameHashCodeAs(complete);
    }

    @Test
    void identifiersAndActorsRefuseBadValues() {
        assertThatThrownBy(() -> OpportunityId.of("has space"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("opportunityId must be 1 to 128 visible characters without spaces, but was \"has space\"");
        assertThatThrownBy(() -> Actor.of("")).hasMessage("actor must not be blank, but was \"\"");
        assertThatThrownBy(() -> EvidenceId.of("7")).hasMessage("evidenceId must be 'ev-' followed by a positive number, but was \"7\"");
    }
}
