package dev.salespipeline.core.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salespipeline.core.InvalidValueException;

import java.util.List;

import org.junit.jupiter.api.Test;

class OrgChartTest {

    private static OrgChart.Person person(String id, Viewer.Role role, String reportsTo) {
        return new OrgChart.Person(id, role, reportsTo);
    }

    private static final OrgChart CHART = OrgChart.of(List.of(
            person("ceo", Viewer.Role.EXECUTIVE, null),
            person("vp", Viewer.Role.LEADER, "ceo"),
            person("m1", Viewer.Role.MANAGER, "vp"),
            person("m2", Viewer.Role.MANAGER, "vp"),
            person("r1", Viewer.Role.REP, "m1"),
            person("r2", Viewer.Role.REP, "m1"),
            person("r3", Viewer.Role.REP, "m2")));

    @Test
    void aTeamIsWhoReportsToTheManagerAndAnOrganisationEveryoneBelowTheLeader() {
        assertThat(CHART.team("m1")).containsExactlyInAnyOrder("r1", "r2");
        assertThat(CHART.team("r1")).isEmpty();
        assertThat(CHART.organisation("vp")).containsExactlyInAnyOrder("m1", "m2", "r1", "r2", "r3");
        assertThat(CHART.organisation("ceo")).contains("vp", "r3").hasSize(6);
    }

    @Test
    void eachPersonHoldsTheirOwnRoleAndAnyoneTheRepsButNoOneOutsideTheChart() {
        assertThat(CHART.holds("m1", Viewer.Role.MANAGER)).isTrue();
        assertThat(CHART.holds("m1", Viewer.Role.REP)).isTrue();
        assertThat(CHART.holds("r1", Viewer.Role.MANAGER)).isFalse();
        assertThat(CHART.holds("r1", Viewer.Role.EXECUTIVE)).isFalse();
        assertThat(CHART.holds("stranger", Viewer.Role.REP)).isFalse();
    }

    @Test
    void aChartWithAnIdTwiceAnUnknownBossOrACircleIsRefused() {
        assertThatThrownBy(() -> OrgChart.of(List.of(person("a", Viewer.Role.REP, null), person("a", Viewer.Role.REP,
                null)))).isInstanceOf(InvalidValueException.class)
                .hasMessage("people must name each person once, but was \"a\"");
        assertThatThrownBy(() -> OrgChart.of(List.of(person("a", Viewer.Role.REP, "nobody"))))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("reportsTo must be a person of the chart (a reports to them), but was \"nobody\"");
        assertThatThrownBy(() -> OrgChart.of(List.of(person("a", Viewer.Role.MANAGER, "b"),
                person("b", Viewer.Role.MANAGER, "c"), person("c", Viewer.Role.MANAGER, "a"))))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("must not report to themselves");
    }
}
