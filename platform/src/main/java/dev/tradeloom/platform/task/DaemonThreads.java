package dev.tradeloom.platform.task;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ThreadFactory;

/** Threads for background work that must not keep the JVM alive once everything else has ended. */
public final class DaemonThreads {
    private DaemonThreads() {}

    /** A factory of daemon threads named {@code name}. */
    public static ThreadFactory named(String name) {
        requireNonNull(name, "name");
        return runnable -> {
            final Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
