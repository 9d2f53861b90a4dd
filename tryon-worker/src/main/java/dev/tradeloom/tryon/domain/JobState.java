package dev.tradeloom.tryon.domain;

/** A try-on job's state, read from its queue row. */
public enum JobState {
    QUEUED("queued", false),
    RUNNING("running", false),
    SUCCEEDED("succeeded", true),
    FAILED("failed", true),
    CANCELLED("cancelled", true);

    private final String label;
    private final boolean terminal;

    JobState(String label, boolean terminal) {
        this.label = label;
        this.terminal = terminal;
    }

    /** The state of a job whose queue row is in {@code queueState}. */
    public static JobState fromQueue(String queueState) {
        switch (queueState) {
            case "queued":
                return QUEUED;
            case "running":
                return RUNNING;
            case "done":
                return SUCCEEDED;
            case "dead":
                return FAILED;
            case "cancelled":
                return CANCELLED;
            default:
                throw new IllegalArgumentException("queueState: " + queueState
                                                   + " (expected: queued, running, done, dead, cancelled)");
        }
    }

    public String label() {
        return label;
    }

    /** Whether the job can change no more. */
    public boolean isTerminal() {
        return terminal;
    }
}
