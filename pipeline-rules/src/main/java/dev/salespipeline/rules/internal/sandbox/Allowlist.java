package dev.salespipeline.rules.internal.sandbox;

import dev.salespipeline.rules.facts.Activity;
import dev.salespipeline.rules.facts.AlertSweep;
import dev.salespipeline.rules.facts.Deal;
import dev.salespipeline.rules.facts.Evidence;
import dev.salespipeline.rules.facts.GateCheck;
import dev.salespipeline.rules.facts.Review;
import dev.salespipeline.rules.facts.StageEntry;
import dev.salespipeline.rules.facts.Stakeholder;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Period;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a rule may name, by type: which classes it may import and match, which properties and methods
 * it may reach on a value of each type, and which methods report. Everything not listed here is
 * refused; a value of a type that is not listed can be compared and passed on, but nothing can be
 * called on it.
 *
 * <p>The rule-facing facts expose their public getters and query methods; their public {@code void}
 * methods are the reporting methods, callable only as statements of a consequence. Value types expose
 * a short list of side-effect-free methods whose cost is bounded by their operands. A host may add
 * methods by type and name.
 *
 * <p>Immutable and thread-safe.
 */
public final class Allowlist {

    /** The rule-facing facts, by simple name. */
    static final Map<String, Class<?>> FACTS = byName(Deal.class, Evidence.class, Activity.class, Stakeholder.class,
            GateCheck.class, Review.class, AlertSweep.class, StageEntry.class);

    /** Facts of which one evaluation holds at most one: a join with them cannot multiply work. */
    private static final Set<Class<?>> SINGLE = Set.of(Deal.class, GateCheck.class, Review.class, AlertSweep.class,
            StageEntry.class);

    /** Value types a rule may import, by full name. */
    private static final Map<String, Class<?>> STANDARD_IMPORTS = byFullName(LocalDate.class, LocalDateTime.class,
            Instant.class, Duration.class, Period.class, DayOfWeek.class, Month.class, YearMonth.class, ChronoUnit.class,
            BigDecimal.class, List.class, Set.class, Map.class, Collection.class);

    /** Types a pattern may match without an import: results of {@code from} and {@code accumulate}. */
    private static final Map<String, Class<?>> IMPLICIT = byName(String.class, Number.class, Integer.class, Long.class,
            Double.class, Boolean.class);

    private static final Set<String> COMPARISON = Set.of("equals", "compareTo", "toString", "hashCode");

    /** Side-effect-free methods of value types; their cost is bounded by the size of their operands. */
    private static final Map<Class<?>, Set<String>> VALUE_METHODS = valueMethods();

    private static Map<Class<?>, Set<String>> valueMethods() {
        Map<Class<?>, Set<String>> methods = new LinkedHashMap<>();
        methods.put(String.class, Set.of("length", "isEmpty", "isBlank", "contains", "startsWith", "endsWith",
                "equalsIgnoreCase", "compareToIgnoreCase", "toLowerCase", "toUpperCase", "trim", "strip", "substring",
                "indexOf", "lastIndexOf"));
        methods.put(BigDecimal.class, Set.of("abs", "negate", "signum", "add", "subtract", "multiply", "min", "max",
                "scale", "precision", "intValue", "longValue", "doubleValue", "stripTrailingZeros"));
        methods.put(Number.class, Set.of("intValue", "longValue", "doubleValue"));
        methods.put(Boolean.class, Set.of("booleanValue"));
        Set<String> dates = Set.of("plusDays", "minusDays", "plusWeeks", "minusWeeks", "plusMonths", "minusMonths",
                "plusYears", "minusYears", "isBefore", "isAfter", "isEqual", "getYear", "getMonthValue",
                "getDayOfMonth", "getDayOfYear", "getDayOfWeek", "getMonth", "lengthOfMonth", "isLeapYear",
                "toEpochDay");
        methods.put(LocalDate.class, dates);
        Set<String> dateTimes = new LinkedHashSet<>(dates);
        dateTimes.addAll(Set.of("plusHours", "minusHours", "plusMinutes", "minusMinutes", "getHour", "getMinute",
                "toLocalDate"));
        dateTimes.remove("lengthOfMonth");
        dateTimes.remove("isLeapYear");
        dateTimes.remove("toEpochDay");
        methods.put(LocalDateTime.class, Set.copyOf(dateTimes));
        methods.put(Instant.class, Set.of("isBefore", "isAfter", "getEpochSecond", "toEpochMilli"));
        methods.put(Duration.class, Set.of("toDays", "toHours", "toMinutes", "isNegative", "isZero"));
        methods.put(Period.class, Set.of("getDays", "getMonths", "getYears", "isNegative", "isZero"));
        methods.put(YearMonth.class, Set.of("getYear", "getMonthValue", "isBefore", "isAfter"));
        methods.put(DayOfWeek.class, Set.of("getValue", "name"));
        methods.put(Month.class, Set.of("getValue", "name"));
        methods.put(Collection.class, Set.of("size", "isEmpty", "contains"));
        methods.put(Map.class, Set.of("size", "isEmpty", "containsKey", "containsValue"));
        return methods;
    }

    private final Map<Class<?>, Set<String>> hostMethods;

    private Allowlist(Map<Class<?>, Set<String>> hostMethods) {
        this.hostMethods = Map.copyOf(hostMethods);
    }

    /** Facts and value types only. */
    public static Allowlist standard() {
        return new Allowlist(Map.of());
    }

    /** Also these methods, by name, on values of {@code type} and its subtypes. */
    public Allowlist withHostMethods(Class<?> type, Collection<String> names) {
        Map<Class<?>, Set<String>> more = new HashMap<>(hostMethods);
        Set<String> merged = new LinkedHashSet<>(more.getOrDefault(type, Set.of()));
        merged.addAll(names);
        more.put(type, Set.copyOf(merged));
        return new Allowlist(more);
    }

    /** The class an import names, if it may be imported. */
    Optional<Class<?>> importable(String fullName) {
        String factPrefix = Deal.class.getPackageName() + ".";
        if (fullName.startsWith(factPrefix)) {
            return Optional.ofNullable(FACTS.get(fullName.substring(factPrefix.length())));
        }
        return Optional.ofNullable(STANDARD_IMPORTS.get(fullName));
    }

    /** Whether {@code packageName.*} may be imported. */
    boolean packageImportable(String packageName) {
        return packageName.equals(Deal.class.getPackageName());
    }

    /** A type a pattern may match, by the name written (simple, imported or implicit, or full). */
    Optional<Class<?>> patternType(String written, Map<String, Class<?>> imported) {
        Class<?> type = imported.get(written);
        if (type == null) {
            type = IMPLICIT.get(written);
        }
        if (type == null && written.contains(".")) {
            type = importable(written).orElse(null);
        }
        if (type == null || type == ChronoUnit.class) {
            return Optional.empty();
        }
        return Optional.of(type);
    }

    /** Whether a type may be named as the type of a consequence's local variable. */
    boolean localType(String written, Map<String, Class<?>> imported) {
        return switch (written) {
            case "String", "int", "long", "boolean", "double", "Integer", "Long", "Boolean", "Double" -> true;
            default -> imported.containsKey(written) && !FACTS.containsValue(imported.get(written));
        };
    }

    /** Whether one evaluation holds several facts of this type, so that joining it multiplies work. */
    boolean isRepeated(Class<?> type) {
        return !SINGLE.contains(type);
    }

    boolean isFact(Class<?> type) {
        return FACTS.containsValue(type);
    }

    /**
     * The type of {@code owner.name}, read as MVEL reads it: through an allowed getter ({@code getName},
     * {@code isName}) or an allowed method of that very name without arguments ({@code intValue}).
     */
    Optional<StaticType> property(StaticType owner, String name) {
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String capitalised = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String getter : List.of("get" + capitalised, "is" + capitalised, name)) {
            Optional<StaticType> type = method(owner, getter, 0);
            if (type.isPresent()) {
                return type;
            }
        }
        return Optional.empty();
    }

    /** The method that reads {@code owner.name}: its getter, or the allowed method of that very name. */
    Optional<String> getterOf(StaticType owner, String name) {
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String capitalised = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String getter : List.of("get" + capitalised, "is" + capitalised, name)) {
            if (method(owner, getter, 0).isPresent()) {
                return Optional.of(getter);
            }
        }
        return Optional.empty();
    }

    /** The return type of {@code owner.name(…)} with {@code arity} arguments, if the call is allowed. */
    Optional<StaticType> method(StaticType owner, String name, int arity) {
        Class<?> type = owner.raw();
        if (type == Object.class || type.isPrimitive() || name.equals("getClass")
                || name.equals("getDeclaringClass")) {
            return Optional.empty();
        }
        if (!allowed(type, name, arity)) {
            return Optional.empty();
        }
        Method found = null;
        for (Method candidate : type.getMethods()) {
            if (candidate.getName().equals(name) && candidate.getParameterCount() == arity
                    && !Modifier.isStatic(candidate.getModifiers()) && candidate.getReturnType() != void.class) {
                if (found != null && !found.getReturnType().equals(candidate.getReturnType())) {
                    return Optional.of(StaticType.UNKNOWN);
                }
                found = candidate;
            }
        }
        return Optional.ofNullable(found).map(method -> StaticType.of(method.getGenericReturnType()));
    }

    private boolean allowed(Class<?> type, String name, int arity) {
        if (FACTS.containsValue(type)) {
            return declaresQuery(type, name, arity);
        }
        for (Map.Entry<Class<?>, Set<String>> host : hostMethods.entrySet()) {
            if (host.getKey().isAssignableFrom(type) && host.getValue().contains(name)) {
                return true;
            }
        }
        if (COMPARISON.contains(name) && (VALUE_METHODS.keySet().stream().anyMatch(key -> key.isAssignableFrom(type))
                || type.isEnum())) {
            return true;
        }
        for (Map.Entry<Class<?>, Set<String>> value : VALUE_METHODS.entrySet()) {
            if (value.getKey().isAssignableFrom(type) && value.getValue().contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** A public instance method declared by the type itself (not Object's, not inherited plumbing). */
    private static boolean declaresQuery(Class<?> type, String name, int arity) {
        for (Method method : type.getDeclaredMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == arity
                    && Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
                    && method.getReturnType() != void.class) {
                return true;
            }
        }
        return false;
    }

    private static boolean isGetterName(String name) {
        return name.length() > 3 && name.startsWith("get") || name.length() > 2 && name.startsWith("is");
    }

    /**
     * The reporting methods of a request fact: its public {@code void} instance methods, which a
     * consequence may call as a statement.
     */
    Set<String> reportingMethods(Class<?> type) {
        if (!FACTS.containsValue(type)) {
            return Set.of();
        }
        Set<String> names = new TreeSet<>();
        for (Method method : type.getDeclaredMethods()) {
            if (Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
                    && method.getReturnType() == void.class) {
                names.add(method.getName());
            }
        }
        return names;
    }

    /** The readable properties of a type, for messages. */
    Set<String> propertiesOf(Class<?> type) {
        Set<String> names = new TreeSet<>();
        for (Method method : type.getMethods()) {
            String name = method.getName();
            if (method.getParameterCount() == 0 && isGetterName(name) && property(StaticType.of(type),
                    Character.toLowerCase(name.charAt(name.startsWith("is") ? 2 : 3))
                            + name.substring(name.startsWith("is") ? 3 : 4)).isPresent()) {
                names.add(Character.toLowerCase(name.charAt(name.startsWith("is") ? 2 : 3))
                        + name.substring(name.startsWith("is") ? 3 : 4));
            }
        }
        return names;
    }

    private static Map<String, Class<?>> byName(Class<?>... types) {
        Map<String, Class<?>> map = new LinkedHashMap<>();
        for (Class<?> type : types) {
            map.put(type.getSimpleName(), type);
        }
        return Map.copyOf(map);
    }

    private static Map<String, Class<?>> byFullName(Class<?>... types) {
        Map<String, Class<?>> map = new LinkedHashMap<>();
        for (Class<?> type : types) {
            map.put(type.getName(), type);
        }
        return Map.copyOf(map);
    }

    /**
     * A static type as the checker knows it: a class, and for a collection the class of its elements
     * when the declaration says.
     */
    record StaticType(Class<?> raw, Class<?> element) {

        static final StaticType UNKNOWN = new StaticType(Object.class, null);
        /** The type of {@code null}: comparable with anything, nothing callable. */
        static final StaticType NULL = new StaticType(Void.class, null);

        StaticType {
            Objects.requireNonNull(raw, "raw");
        }

        static StaticType of(Class<?> type) {
            return new StaticType(type, null);
        }

        static StaticType of(Type generic) {
            if (generic instanceof Class<?> type) {
                return of(type);
            }
            if (generic instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
                Type[] arguments = parameterized.getActualTypeArguments();
                Class<?> element = Collection.class.isAssignableFrom(raw) && arguments.length == 1
                        && arguments[0] instanceof Class<?> elementClass ? elementClass : null;
                return new StaticType(raw, element);
            }
            return UNKNOWN;
        }

        String simpleName() {
            return raw.getSimpleName() + (element == null ? "" : "<" + element.getSimpleName() + ">");
        }
    }
}
