package dev.tradeloom.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * Closed-loop load: {@code clients} threads each send one request at a time for the warm-up
 * (not recorded) and then the measured period, cycling through a fixed mix of requests.
 */
final class LoadRunner {
    /** One request of the mix, by index; returns false when the answer was an error. */
    @FunctionalInterface
    interface Request {
        boolean send(int index);
    }

    /** What one run measured. */
    record Result(String name, long requests, long errors, double seconds, Histogram latencyMicros) {
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

    private LoadRunner() {}

    static Result run(String name, int clients, int mixSize, Duration warmup, Duration measured,
                      Request request) throws InterruptedException {
        final long warmupEnd = System.nanoTime() + warmup.toNanos();
        final long end = warmupEnd + measured.toNanos();
        final List<Histogram> histograms = new ArrayList<>();
        final AtomicLong errors = new AtomicLong();
        final CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            final Histogram histogram = new Histogram(60_000_000L, 3);
            histograms.add(histogram);
            final int offset = c;
            final Thread thread = new Thread(() -> {
                int i = offset;
                while (true) {
                    final long start = System.nanoTime();
                    if (start >= end) {
                        break;
                    }
                    final boolean ok = request.send(i++ % mixSize);
                    final long finished = System.nanoTime();
                    if (start >= warmupEnd) {
                        histogram.recordValue(Math.max(1, (finished - start) / 1000));
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
        final Histogram total = new Histogram(60_000_000L, 3);
        histograms.forEach(total::add);
        return new Result(name, total.getTotalCount(), errors.get(), measured.toNanos() / 1e9, total);
    }
}
