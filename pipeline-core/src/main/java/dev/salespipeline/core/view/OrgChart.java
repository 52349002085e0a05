package dev.salespipeline.core.view;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.internal.Checks;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An org structure from reporting lines: each person with a role and the person they report to. A
 * manager's team is whoever reports to them; a leader's organisation everyone below them, however deep;
 * each person holds the role given to them (and, as anyone, the rep's). For hosts without an org service
 * of their own, and for the command line's {@code --org FILE}. It has no history: dated questions get
 * today's answers.
 *
 * <p>Immutable and thread-safe.
 */
public final class OrgChart implements OrgStructure {

    /** One person: an id, a role, and whom they report to (null at the top). */
    public record Person(String id, Viewer.Role role, String reportsTo) {
        public Person {
            id = Checks.requireName(id, "id");
            Objects.requireNonNull(role, "role");
            reportsTo = reportsTo == null || reportsTo.isBlank() ? null : Checks.requireName(reportsTo, "reportsTo");
        }
    }

    private final Map<String, Person> people;

    private OrgChart(Map<String, Person> people) {
        this.people = Map.copyOf(people);
    }

    /**
     * The chart of {@code people}.
     *
     * @throws InvalidValueException if an id appears twice, someone reports to a person not in the chart,
     *                               or the reporting lines go round in a circle
     */
    public static OrgChart of(Collection<Person> people) {
        Objects.requireNonNull(people, "people");
        Map<String, Person> byId = new LinkedHashMap<>();
        for (Person person : people) {
            Objects.requireNonNull(person, "people must not contain null");
            if (byId.putIfAbsent(person.id(), person) != null) {
                throw new InvalidValueException("people", person.id(), "must name each person once");
            }
        }
        for (Person person : byId.values()) {
            if (person.reportsTo() != null && !byId.containsKey(person.reportsTo())) {
                throw new InvalidValueException("reportsTo", person.reportsTo(), "must be a person of the chart ("
                        + person.id() + " reports to them)");
            }
            Set<String> above = new LinkedHashSet<>();
            for (String boss = person.reportsTo(); boss != null; boss = byId.get(boss).reportsTo()) {
                if (!above.add(boss) || boss.equals(person.id())) {
                    throw new InvalidValueException("reportsTo", person.id(), "must not report to themselves, however"
                            + " indirectly");
                }
            }
        }
        return new OrgChart(byId);
    }

    @Override
    public Set<String> team(String managerId) {
        Set<String> team = new LinkedHashSet<>();
        for (Person person : people.values()) {
            if (managerId.equals(person.reportsTo())) {
                team.add(person.id());
            }
        }
        return team;
    }

    @Override
    public Set<String> organisation(String leaderId) {
        Set<String> below = new LinkedHashSet<>();
        Deque<String> next = new ArrayDeque<>(team(leaderId));
        while (!next.isEmpty()) {
            String person = next.pop();
            if (below.add(person)) {
                next.addAll(team(person));
            }
        }
        return below;
    }

    /** Anyone may look at their own deals; any other role only the person the chart gives it to. */
    @Override
    public boolean holds(String userId, Viewer.Role role) {
        Person person = people.get(userId);
        return role == Viewer.Role.REP ? person != null : person != null && person.role() == role;
    }
}
