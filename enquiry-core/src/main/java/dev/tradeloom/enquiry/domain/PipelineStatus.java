package dev.tradeloom.enquiry.domain;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tradeloom.platform.error.FailedPreconditionException;

/**
 * Where an enquiry stands, and the one place that says which moves are allowed:
 * {@code new → contacted | lost | spam}, {@code contacted → quoted | lost | spam},
 * {@code quoted → won | lost}; won, lost and spam are final.
 */
public enum PipelineStatus {
    NEW, CONTACTED, QUOTED, WON, LOST, SPAM;

    private static final Map<PipelineStatus, Set<PipelineStatus>> NEXT = new EnumMap<>(PipelineStatus.class);

    static {
        NEXT.put(NEW, EnumSet.of(CONTACTED, LOST, SPAM));
        NEXT.put(CONTACTED, EnumSet.of(QUOTED, LOST, SPAM));
        NEXT.put(QUOTED, EnumSet.of(WON, LOST));
        NEXT.put(WON, EnumSet.noneOf(PipelineStatus.class));
        NEXT.put(LOST, EnumSet.noneOf(PipelineStatus.class));
        NEXT.put(SPAM, EnumSet.noneOf(PipelineStatus.class));
    }

    /** The name stored in the database. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PipelineStatus fromDb(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The statuses this one may move to. */
    public Set<PipelineStatus> next() {
        return Set.copyOf(NEXT.get(this));
    }

    /**
     * {@code target} when the move from this status is allowed; otherwise FAILED_PRECONDITION naming the
     * allowed moves.
     */
    public PipelineStatus moveTo(PipelineStatus target) {
        if (NEXT.get(this).contains(target)) {
            return target;
        }
        final Set<PipelineStatus> next = NEXT.get(this);
        final String allowed = next.isEmpty() ? "none, it is final"
                                              : next.stream().map(PipelineStatus::name)
                                                    .collect(Collectors.joining(", "));
        throw new FailedPreconditionException(
                "STATUS_TRANSITION_NOT_ALLOWED",
                "An enquiry in status " + this + " cannot move to " + target + " (allowed: " + allowed + ").");
    }
}
