package dev.tradeloom.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * Load from {@code clients} threads that each send one request at a time for the warm-up (not recorded)
 * and then the measured period, cycling through a fixed mix of requests. Closed loop by default: a client
 * sends its next request as soon as the previous answer arrives, so the rate is whatever the system
 * gives. Paced ({@link #runPaced}): the clients together offer a fixed rate, each request sent at its
 * scheduled time, and its latency counts from that time, so a system that falls behind is charged with
 * the wait of the requests it delayed.
 */
final class LoadRunner {
    /** One request of the mix, by index; returns false when the answer was an error. */
    @FunctionalInterface
    interface Request {
        boolean send(int index);
    }

    /** One way of sending a mix of requests, e.g. through REST at the edge. */
    record Path(String name, int mixSize, Request request) {}

    /** What one run measured: latencies in all, and of each request of the mix by its index. */
    record Result(String name, long requests, long errors, double seconds, Histogram latencyMicros,
                  List<Histogram> byRequest) {
        double throughput() {
            return requests / seconds;
        }

        double percentileMillis(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        String line() {
            return String.format("%-28s %9.0f req/s   p50 %7.2f ms   p99 %7.2f ms   max %8.2f ms   errors %d",
                                 name, throughput(), percentileMillis(50), percentileMillis(99),
                                 latencyMicros.getMaxValue() / 1000.0, errors);
        }
    }

    /** A round of the warm-up after its minimum, at the end of which the compiler's work is checked. */
    private static final Duration WARM_ROUND = Duration.ofSeconds(10);

    /** The longest warm-up of {@link #warmThenMeasure}, however busy the JIT compiler still is. */
    private static final Duration MAX_WARM_UP = Duration.ofMinutes(5);

    private LoadRunner() {}

    /**
     * Warms every path up, one after the other, before measuring any of them, then measures each in turn.
     * The paths share most of their code (the core service, its gRPC server), so measuring one right after
     * its own warm-up would charge it with the JIT compiler's work that the paths after it are spared. After
     * {@code warmup} each, further rounds of {@link #WARM_ROUND} a path follow while the compiler spent more
     * than a tenth of a round compiling, up to {@link #MAX_WARM_UP} in all: on a slow day the compiler was
     * still at work on the path measured first after 20 s each (REST at 48–68 % of gRPC; 85 % once done).
     */
    static List<Result> warmThenMeasure(int clients, Duration warmup, Duration measured, List<Path> paths)
            throws InterruptedException {
        final long start = System.nanoTime();
        for (Path path : paths) {
            System.out.println("Warming up " + path.name());
            run(path.name(), clients, path.mixSize(), warmup, Duration.ZERO, path.request());
        }
        whileCompiling(start, MAX_WARM_UP, WARM_ROUND.multipliedBy(paths.size()), () -> {
            for (Path path : paths) {
                run(path.name(), clients, path.mixSize(), WARM_ROUND, Duration.ZERO, path.request());
            }
        });
        System.out.printf("Warmed up for %.0f s%n", (System.nanoTime() - start) / 1e9);
        final List<Result> results = new ArrayList<>();
        for (Path path : paths) {
            System.out.println("Running " + path.name());
            results.add(run(path.name(), clients, path.mixSize(), Duration.ZERO, measured, path.request()));
        }
        return results;
    }

    static Result run(String name, int clients, int mixSize, Duration warmup, Duration measured,
                      Request request) throws InterruptedException {
        return run(name, clients, mixSize, 0, warmup, measured, request);
    }

    /**
     * Sends the mix in a closed loop, unrecorded, for at least {@code atLeast}, then in further rounds of
     * {@link #WARM_ROUND} until the JIT compiler spent less than a tenth of a round compiling (the
     * services run in this JVM, so their code is compiled here too), and for at most {@code atMost} in all.
     * How long the compiler takes differs from machine to machine (80 s of one load on one day's two
     * cores, 150 s on another's), and a measurement taken while it works measures the compiler.
     * Returns how long it warmed up.
     */
    static Duration warmUp(String name, int clients, int mixSize, Duration atLeast, Duration atMost,
                           Request request) throws InterruptedException {
        final long start = System.nanoTime();
        run(name, clients, mixSize, atLeast, Duration.ZERO, request);
        whileCompiling(start, atMost, WARM_ROUND,
                       () -> run(name, clients, mixSize, WARM_ROUND, Duration.ZERO, request));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** One round of warm-up load, which lasts {@code length} as {@link #whileCompiling} is told. */
    private interface WarmRound {
        void run() throws InterruptedException;
    }

    /**
     * Runs {@code round} (lasting {@code length}) again and again until the JIT compiler spent less than a
     * tenth of a round compiling, or until {@code atMost} has passed since {@code start} (System.nanoTime).
     */
    private static void whileCompiling(long start, Duration atMost, Duration length, WarmRound round)
            throws InterruptedException {
        final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        while (System.nanoTime() - start < atMost.toNanos()) {
            final long compiledBefore = compiler.getTotalCompilationTime();
            round.run();
            final long compiling = compiler.getTotalCompilationTime() - compiledBefore;
            if (compiling < length.toMillis() / 10) {
                return;
            }
            System.out.printf("Still warming up: the compiler worked %.1f s of the last %d s%n",
                              compiling / 1e3, length.toSeconds());
        }
    }

    /** Like {@link #run}, with the clients together sending {@code perSecond} requests a second. */
    static Result runPaced(String name, int clients, int mixSize, double perSecond, Duration warmup,
                           Duration measured, Request request) throws InterruptedException {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("perSecond: " + perSecond + " (expected: > 0)");
        }
        return run(name, clients, mixSize, perSecond, warmup, measured, request);
    }

    /** {@code perSecond} 0: closed loop. */
    private static Result run(String name, int clients, int mixSize, double perSecond, Duration warmup,
                              Duration measured, Request request) throws InterruptedException {
        final long begin = System.nanoTime();
        // Paced, each client's requests are this far apart, and client c's first is c / perSecond after 0's.
        final long interval = perSecond > 0 ? (long) (clients * 1e9 / perSecond) : 0;
        final long warmupEnd = begin + warmup.toNanos();
        final long end = warmupEnd + measured.toNanos();
        final List<Histogram[]> histograms = new ArrayList<>();
        final AtomicLong errors = new AtomicLong();
        final CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            final Histogram[] byRequest = histograms(mixSize);
            histograms.add(byRequest);
            final int offset = c;
            final Thread thread = new Thread(() -> {
                int i = offset;
                long scheduled = begin + offset * interval / clients;
                while (true) {
                    final long start = interval > 0 ? awaitTime(scheduled) : System.nanoTime();
                    scheduled += interval;
                    // A paced client that fell behind stops at the end too, with its late requests unsent.
                    if (start >= end || System.nanoTime() >= end) {
                        break;
                    }
                    final int index = i++ % mixSize;
                    final boolean ok = request.send(index);
                    final long finished = System.nanoTime();
                    if (start >= warmupEnd) {
                        byRequest[index].recordValue(Math.max(1, (finished - start) / 1000));
                        if (!ok) {
                            errors.incrementAndGet();
                        }
                    }
                }
                done.countDown();
            }, name + "-client-" + c);
            thread.setDaemon(true);
            thread.start();
        }
        done.await();
        final Histogram[] byRequest = histograms(mixSize);
        for (Histogram[] client : histograms) {
            for (int i = 0; i < mixSize; i++) {
                byRequest[i].add(client[i]);
            }
        }
        return result(name, errors.get(), measured, List.of(byRequest));
    }

    /** Sleeps until {@code time} (a {@link System#nanoTime}), unless it has passed, and returns it. */
    private static long awaitTime(long time) {
        for (long now = System.nanoTime(); now < time; now = System.nanoTime()) {
            LockSupport.parkNanos(time - now);
        }
        return time;
    }

    static Histogram[] histograms(int count) {
        final Histogram[] histograms = new Histogram[count];
        for (int i = 0; i < count; i++) {
            histograms[i] = new Histogram(60_000_000L, 3);
        }
        return histograms;
    }

    static Result result(String name, long errors, Duration measured, List<Histogram> byRequest) {
        final Histogram total = new Histogram(60_000_000L, 3);
        byRequest.forEach(total::add);
        return new Result(name, total.getTotalCount(), errors, measured.toNanos() / 1e9, total, byRequest);
    }

    /** One line per request of the mix: its label, then its p50 and p99 in each result. */
    static String byRequest(List<String> labels, List<Result> results) {
        final StringBuilder table = new StringBuilder(String.format("%-34s", "p50 / p99 ms by request"));
        results.forEach(r -> table.append(String.format(" | %-22s", r.name())));
        for (int i = 0; i < labels.size(); i++) {
            table.append(String.format("%n%-34s", labels.get(i)));
            for (Result r : results) {
                final Histogram h = r.byRequest().get(i);
                table.append(String.format(" | %8.2f / %8.2f    ", h.getValueAtPercentile(50) / 1000.0,
                                           h.getValueAtPercentile(99) / 1000.0));
            }
        }
        return table.toString();
    }
}
