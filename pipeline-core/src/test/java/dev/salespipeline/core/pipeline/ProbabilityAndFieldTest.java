package dev.salespipeline.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salespipeline.core.InvalidValueException;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

class ProbabilityAndFieldTest {

    @Test
    void probabilityHoldsOnlyValuesFromZeroToOne() {
        assertThat(Probability.of("0.50")).isEqualTo(Probability.of("0.5"));
        assertThat(Probability.of("1")).isEqualTo(Probability.ONE);
        assertThatThrownBy(() -> Probability.of("1.01"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("probability must be between 0 and 1, but was 1.01");
        assertThatThrownBy(() -> new Probability(new BigDecimal("-0.1")))
                .hasMessage("probability must be between 0 and 1, but was -0.1");
        assertThatThrownBy(() -> Probability.of("sixty percent"))
                .hasMessage("probability must be a decimal number between 0 and 1, but was \"sixty percent\"");
    }

    @Test
    void fieldsAreBuiltInNamesOrAttributes() {
        assertThat(OpportunityField.of("nextStep")).isEqualTo(OpportunityField.NEXT_STEP);
        OpportunityField portal = OpportunityField.attribute("procurementPortal");
        assertThat(portal.isAttribute()).isTrue();
        assertThat(portal.attributeKey()).isEqualTo("procurementPortal");
        assertThatThrownBy(() -> OpportunityField.of("budget"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("field must be one of [account, channel,")
                .hasMessageEndingWith("or 'attribute:<key>', but was \"budget\"");
        assertThatThrownBy(() -> OpportunityField.attribute("has space"))
                .hasMessageEndingWith("but was \"attribute:has space\"");
    }
}
