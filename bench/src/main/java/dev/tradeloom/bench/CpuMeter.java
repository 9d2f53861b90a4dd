package dev.tradeloom.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time spent between two snapshots: this JVM (services, fakes and load generator together),
 * PostgreSQL (the postmaster and its backends), and this JVM's threads grouped by name with digits
 * removed, so the busiest kinds of work stand out.
 */
final class CpuMeter {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long postgresPid;

    /** One snapshot. */
    record Snapshot(long jvmNanos, long postgresNanos, Map<Long, Long> threadNanos, Map<Long, String> names) {}

    CpuMeter(long postgresPid) {
        this.postgresPid = postgresPid;
    }

    Snapshot snapshot() {
        final Map<Long, Long> perThread = new HashMap<>();
        final Map<Long, String> names = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                final long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    perThread.put(info.getThreadId(), cpu);
                    names.put(info.getThreadId(), info.getThreadName().replaceAll("[0-9]+", "#"));
                }
            }
        }
        final long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        return new Snapshot(jvm, postgresNanos(), perThread, names);
    }

    private long postgresNanos() {
        return ProcessHandle.of(postgresPid).map(postmaster -> {
            long total = cpu(postmaster);
            for (ProcessHandle child : postmaster.descendants().toList()) {
                total += cpu(child);
            }
            return total;
        }).orElse(0L);
    }

    private static long cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Lines describing the CPU spent from {@code before} to {@code after} per {@code units} units of work. */
    static List<String> report(Snapshot before, Snapshot after, long units, String unit) {
        final Map<String, Long> groups = new HashMap<>();
        after.threadNanos().forEach((id, nanos) -> groups.merge(
                after.names().get(id), nanos - before.threadNanos().getOrDefault(id, 0L), Long::sum));
        final long jvm = after.jvmNanos() - before.jvmNanos();
        final long postgres = after.postgresNanos() - before.postgresNanos();
        final List<String> lines = new ArrayList<>();
        lines.add(String.format("CPU per %s: JVM %.3f ms, PostgreSQL %.3f ms (JVM %.1f s, PostgreSQL %.1f s "
                                + "over %,d %ss)", unit, jvm / 1e6 / units, postgres / 1e6 / units, jvm / 1e9,
                                postgres / 1e9, units, unit));
        lines.addAll(groups.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                           .limit(12)
                           .map(e -> String.format("  %-40s %8.3f ms per %s", e.getKey(),
                                                   e.getValue() / 1e6 / units, unit))
                           .collect(Collectors.toList()));
        return lines;
    }
}
