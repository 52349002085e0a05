package dev.salespipeline.core.signals;

import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.ActivityDirection;
import dev.salespipeline.core.opportunity.ActivityType;
import dev.salespipeline.core.opportunity.Evidence;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.Stakeholder;
import dev.salespipeline.core.opportunity.StakeholderRole;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a deal's progression signals from its history, as of an instant: what the buyer's behaviour
 * says about the deal's progress. Signals validate progress; they never replace exit criteria — a rule
 * may read them ("criteria met and signals present: confident advance").
 *
 * <p>The thresholds, from the domain brief where it gives numbers:
 * <ul>
 *   <li><b>engagement rising</b>: the median time the buyer took to reply (a buyer activity after one of
 *       ours) over the last three replies is at most half the median over the three before;</li>
 *   <li><b>new stakeholders</b>: a stakeholder in the details now was not there {@value #RECENT_DAYS}
 *       days ago;</li>
 *   <li><b>implementation questions</b> and <b>competitive narrowing</b>: evidence
 *       {@code implementation-questions-asked} or {@code shortlisted} in the last {@value #RECENT_DAYS}
 *       days, or, for narrowing, fewer competitors named now than {@value #RECENT_DAYS} days ago (and
 *       still at least one);</li>
 *   <li><b>buyer time invested</b>: more calls, meetings and demos the buyer took part in over the last
 *       {@value #RECENT_DAYS} days than in the {@value #RECENT_DAYS} days before (at least two);</li>
 *   <li><b>ghosting</b>: no buyer activity for {@value #GHOSTING_DAYS} days although we reached out at
 *       least twice in that time (as the default ghosting alert).</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class ProgressionSignals {

    /** What "recently" means for new stakeholders, evidence and buyer time. */
    public static final int RECENT_DAYS = 30;
    /** How long a buyer's silence must last, despite follow-ups, to count as ghosting. */
    public static final int GHOSTING_DAYS = 14;

    private static final Set<ActivityType> BUYER_TIME = EnumSet.of(ActivityType.CALL, ActivityType.MEETING,
            ActivityType.DEMO);
    private static final Set<StakeholderRole> WEIGHTY = EnumSet.of(StakeholderRole.LEGAL, StakeholderRole.PROCUREMENT,
            StakeholderRole.ECONOMIC_BUYER);

    private ProgressionSignals() {
    }

    /** The signals of {@code deal} as it stood at {@code now}, in {@link SignalKind} order. */
    public static List<ProgressionSignal> of(Opportunity deal, Instant now) {
        Objects.requireNonNull(deal, "deal");
        Objects.requireNonNull(now, "now");
        Optional<Opportunity> then = deal.asOf(now);
        if (then.isEmpty()) {
            return List.of();
        }
        Opportunity current = then.get();
        Instant recent = now.minus(Duration.ofDays(RECENT_DAYS));
        List<Activity> activities = current.activities().stream()
                .sorted(Comparator.comparing(Activity::occurredAt)).toList();
        List<ProgressionSignal> signals = new ArrayList<>();
        // The deal a month ago, restored once for the two signals that compare with it.
        Optional<Opportunity> monthAgo = current.asOf(recent);
        engagementRising(activities).ifPresent(signals::add);
        newStakeholders(current, monthAgo).ifPresent(signals::add);
        recentEvidence(current, recent, EvidenceTypes.IMPLEMENTATION_QUESTIONS_ASKED.id(), SignalKind.IMPLEMENTATION_QUESTIONS)
                .ifPresent(signals::add);
        competitiveNarrowing(current, monthAgo, recent).ifPresent(signals::add);
        buyerTimeInvested(activities, now, recent).ifPresent(signals::add);
        ghosting(current, activities, now).ifPresent(signals::add);
        return List.copyOf(signals);
    }

    private static Optional<ProgressionSignal> engagementRising(List<Activity> activities) {
        List<Duration> replies = new ArrayList<>();
        List<Instant> repliedAt = new ArrayList<>();
        Instant lastOutreach = null;
        for (Activity activity : activities) {
            if (activity.direction() == ActivityDirection.TO_BUYER) {
                lastOutreach = lastOutreach == null ? activity.occurredAt() : lastOutreach;
            } else if (lastOutreach != null) {
                replies.add(Duration.between(lastOutreach, activity.occurredAt()));
                repliedAt.add(activity.occurredAt());
                lastOutreach = null;
            }
        }
        if (replies.size() < 6) {
            return Optional.empty();
        }
        Duration recent = median(replies.subList(replies.size() - 3, replies.size()));
        Duration before = median(replies.subList(replies.size() - 6, replies.size() - 3));
        if (recent.multipliedBy(2).compareTo(before) > 0) {
            return Optional.empty();
        }
        return Optional.of(new ProgressionSignal(SignalKind.ENGAGEMENT_RISING, repliedAt.get(repliedAt.size() - 1),
                "median reply time " + recent.toHours() + " h over the last 3 replies, was " + before.toHours() + " h"));
    }

    private static Duration median(List<Duration> three) {
        return three.stream().sorted().toList().get(1);
    }

    private static Optional<ProgressionSignal> newStakeholders(Opportunity current, Optional<Opportunity> before) {
        List<Stakeholder> earlier = before.map(deal -> deal.details().stakeholders()).orElse(List.of());
        List<Stakeholder> added = current.details().stakeholders().stream()
                .filter(stakeholder -> earlier.stream().noneMatch(known -> known.name().equals(stakeholder.name())))
                .toList();
        if (added.isEmpty() || before.isEmpty()) {
            return Optional.empty();
        }
        boolean weighty = added.stream().anyMatch(stakeholder -> WEIGHTY.contains(stakeholder.role()));
        return Optional.of(new ProgressionSignal(SignalKind.NEW_STAKEHOLDERS, lastDetailsChange(current),
                added.size() + " stakeholder" + (added.size() == 1 ? "" : "s") + " joined in the last " + RECENT_DAYS
                        + " days: " + added.stream().map(stakeholder -> stakeholder.name() + " ("
                        + stakeholder.role().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")").toList()
                        + (weighty ? ", with budget, legal or procurement weight" : "")));
    }

    private static Instant lastDetailsChange(Opportunity deal) {
        return deal.history().stream().filter(event -> event instanceof dev.salespipeline.core.opportunity
                .OpportunityEvent.DetailsChanged).reduce((first, second) -> second)
                .map(dev.salespipeline.core.opportunity.OpportunityEvent::occurredAt).orElse(deal.createdAt());
    }

    private static Optional<ProgressionSignal> recentEvidence(Opportunity current, Instant recent, String type,
                                                              SignalKind kind) {
        return current.evidence().stream().filter(item -> item.type().id().equals(type)
                        && !item.recordedAt().isBefore(recent))
                .map(Evidence::recordedAt).max(Comparator.naturalOrder())
                .map(at -> new ProgressionSignal(kind, at, "evidence '" + type + "' recorded on " + at));
    }

    private static Optional<ProgressionSignal> competitiveNarrowing(Opportunity current, Optional<Opportunity> monthAgo,
                                                                    Instant recent) {
        Optional<ProgressionSignal> shortlisted = recentEvidence(current, recent, EvidenceTypes.SHORTLISTED.id(),
                SignalKind.COMPETITIVE_NARROWING);
        if (shortlisted.isPresent()) {
            return shortlisted;
        }
        int now = current.details().competitors().size();
        int before = monthAgo.map(deal -> deal.details().competitors().size()).orElse(0);
        if (now >= 1 && now < before) {
            return Optional.of(new ProgressionSignal(SignalKind.COMPETITIVE_NARROWING, lastDetailsChange(current),
                    "competitors named went from " + before + " to " + now + " in the last " + RECENT_DAYS + " days"));
        }
        return Optional.empty();
    }

    private static Optional<ProgressionSignal> buyerTimeInvested(List<Activity> activities, Instant now, Instant recent) {
        Instant earlier = recent.minus(Duration.ofDays(RECENT_DAYS));
        List<Activity> buyerTime = activities.stream().filter(activity -> BUYER_TIME.contains(activity.type())
                && activity.direction() == ActivityDirection.FROM_BUYER && !activity.occurredAt().isAfter(now)).toList();
        long last = buyerTime.stream().filter(activity -> !activity.occurredAt().isBefore(recent)).count();
        long previous = buyerTime.stream().filter(activity -> activity.occurredAt().isBefore(recent)
                && !activity.occurredAt().isBefore(earlier)).count();
        if (last < 2 || last <= previous) {
            return Optional.empty();
        }
        return Optional.of(new ProgressionSignal(SignalKind.BUYER_TIME_INVESTED,
                buyerTime.get(buyerTime.size() - 1).occurredAt(), last + " calls, meetings or demos with the buyer in the last "
                        + RECENT_DAYS + " days, " + previous + " in the " + RECENT_DAYS + " before"));
    }

    private static Optional<ProgressionSignal> ghosting(Opportunity current, List<Activity> activities, Instant now) {
        Instant quiet = now.minus(Duration.ofDays(GHOSTING_DAYS));
        Optional<Instant> lastFromBuyer = activities.stream()
                .filter(activity -> activity.direction() == ActivityDirection.FROM_BUYER)
                .map(Activity::occurredAt).max(Comparator.naturalOrder());
        if (lastFromBuyer.isEmpty() || lastFromBuyer.get().isAfter(quiet) || !current.isOpen()) {
            return Optional.empty();
        }
        long followUps = activities.stream().filter(activity -> activity.direction() == ActivityDirection.TO_BUYER
                && activity.occurredAt().isAfter(quiet)).count();
        if (followUps < 2) {
            return Optional.empty();
        }
        return Optional.of(new ProgressionSignal(SignalKind.GHOSTING, lastFromBuyer.get(), "no buyer activity since "
                + lastFromBuyer.get() + ", despite " + followUps + " follow-ups in the last " + GHOSTING_DAYS + " days"));
    }
}
