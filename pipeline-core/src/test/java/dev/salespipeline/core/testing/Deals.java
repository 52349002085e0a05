package dev.salespipeline.core.testing;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.money.Money;
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
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.transition.TransitionService;

import java.time.LocalDate;
import java.util.Collection;

/** Sample deals for tests. */
public final class Deals {

    public static final Actor REP = Actor.of("rep-ana");
    public static final Actor MANAGER = Actor.of("manager-budi");
    public static final PipelineDefinition PIPELINE = DefaultPipelines.evidenceBased();

    private Deals() {
    }

    /** Details with only the always-required fields. */
    public static OpportunityDetails minimalDetails() {
        return OpportunityDetails.builder()
                .account("PT Maju Jaya")
                .owner(REP.id())
                .value(DealValue.of(Money.of("120000.00", "EUR"), ValueKind.ACV))
                .expectedCloseDate(LocalDate.of(2026, 3, 31))
                .build();
    }

    /** Details with every field any default stage requires. */
    public static OpportunityDetails completeDetails() {
        return minimalDetails().toBuilder()
                .primaryContact("Sari Wulandari")
                .stakeholders(Stakeholder.of("Sari Wulandari", StakeholderRole.CHAMPION),
                        Stakeholder.of("Dewi Lestari", StakeholderRole.ECONOMIC_BUYER))
                .products("Pipeline Analytics")
                .nextStep(NextStep.of("Send the security questionnaire", LocalDate.of(2026, 1, 20)))
                .build();
    }

    public static Opportunity open(TransitionService service, String id, OpportunityDetails details) {
        return service.open(OpportunityId.of(id), PIPELINE, details, REP);
    }

    public static Opportunity withEvidence(TransitionService service, Opportunity opportunity,
                                           Collection<EvidenceType> types) {
        Opportunity result = opportunity;
        for (EvidenceType type : types) {
            result = service.recordEvidence(result, NewEvidence.of(type, EvidenceSource.MEETING_NOTES), REP);
        }
        return result;
    }
}
