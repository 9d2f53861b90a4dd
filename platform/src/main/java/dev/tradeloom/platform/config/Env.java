package dev.tradeloom.platform.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Typed reads of environment variables with defaults. Problems are collected rather than
 * thrown one by one, so {@link #check()} reports every bad variable at once at start-up.
 */
public final class Env {
    private final Map<String, String> vars;
    private final List<String> problems = new ArrayList<>();

    private Env(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    /** The process environment. */
    public static Env system() {
        return new Env(System.getenv());
    }

    /** An explicit set of variables, for tests and the launcher. */
    public static Env of(Map<String, String> vars) {
        return new Env(requireNonNull(vars, "vars"));
    }

    /** This environment with {@code overrides} taking precedence. */
    public Env with(Map<String, String> overrides) {
        final var merged = new java.util.HashMap<>(vars);
        merged.putAll(overrides);
        return new Env(merged);
    }

    public @Nullable String optional(String name) {
        final String value = vars.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    public String string(String name, String defaultValue) {
        final String value = optional(name);
        return value != null ? value : defaultValue;
    }

    public String required(String name) {
        final String value = optional(name);
        if (value == null) {
            problems.add(name + " is required but not set");
            return "";
        }
        return value;
    }

    public int integer(String name, int defaultValue, int min, int max) {
        final String value = optional(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            final int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                problems.add(String.format("%s: %d (expected: %d..%d)", name, parsed, min, max));
                return defaultValue;
            }
            return parsed;
        } catch (NumberFormatException e) {
            problems.add(String.format("%s: '%s' (expected: an integer in %d..%d)", name, value, min, max));
            return defaultValue;
        }
    }

    public boolean bool(String name, boolean defaultValue) {
        final String value = optional(name);
        if (value == null) {
            return defaultValue;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on":
                return true;
            case "false", "no", "0", "off":
                return false;
            default:
                problems.add(String.format("%s: '%s' (expected: true or false)", name, value));
                return defaultValue;
        }
    }

    /** A duration such as {@code 15m}, {@code 30s}, {@code 250ms}, {@code 7d} or ISO-8601 {@code PT15M}. */
    public Duration duration(String name, Duration defaultValue) {
        final String value = optional(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            final Duration duration = parseDuration(value);
            // Settings are used in milliseconds: one too large for them (such as 99999999999999d) is refused
            // here rather than failing wherever it is first used.
            duration.toMillis();
            return duration;
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            problems.add(String.format("%s: '%s' (expected: a duration such as 250ms, 30s, 15m, 7d)",
                                       name, value));
            return defaultValue;
        }
    }

    /**
     * As {@link #duration}, for a setting that must be longer than zero (an interval, a timeout that zero would
     * turn off); zero or less is a problem, and the default stands in.
     */
    public Duration positiveDuration(String name, Duration defaultValue) {
        final Duration duration = duration(name, defaultValue);
        if (duration.isZero() || duration.isNegative()) {
            problems.add(String.format("%s: %s (expected: more than zero, such as 30s)", name, optional(name)));
            return defaultValue;
        }
        return duration;
    }

    /** A comma-separated list; empty entries are dropped. */
    public List<String> list(String name, List<String> defaultValue) {
        final String value = optional(name);
        if (value == null) {
            return defaultValue;
        }
        return java.util.Arrays.stream(value.split(","))
                               .map(String::trim)
                               .filter(s -> !s.isEmpty())
                               .toList();
    }

    /** Records a problem found by a caller's own validation. */
    public void problem(String message) {
        problems.add(message);
    }

    /** Throws {@link ConfigException} listing every problem seen so far. */
    public void check() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    static Duration parseDuration(String value) {
        final String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("p")) {
            return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
        }
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        final long amount = Long.parseLong(v.substring(0, v.length() - 1));
        switch (v.charAt(v.length() - 1)) {
            case 's':
                return Duration.ofSeconds(amount);
            case 'm':
                return Duration.ofMinutes(amount);
            case 'h':
                return Duration.ofHours(amount);
            case 'd':
                return Duration.ofDays(amount);
            default:
                throw new NumberFormatException(value);
        }
    }
}
