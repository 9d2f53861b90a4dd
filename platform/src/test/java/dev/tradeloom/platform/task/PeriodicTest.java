package dev.tradeloom.platform.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class PeriodicTest {
    @Test
    void aRunThatThrows_doesNotStopTheRunsAfterIt() throws InterruptedException {
        final CountDownLatch runs = new CountDownLatch(3);
        try (Periodic timer = new Periodic("periodic-test")) {
            timer.runEvery(Duration.ZERO, Duration.ofMillis(1), () -> {
                runs.countDown();
                throw new IllegalStateException("the database is away");
            });

            assertThat(runs.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void runsOnADaemonThreadOfItsName() throws InterruptedException {
        final AtomicReference<Thread> ranOn = new AtomicReference<>();
        final CountDownLatch ran = new CountDownLatch(1);
        try (Periodic timer = new Periodic("periodic-test")) {
            timer.runEvery(Duration.ZERO, Duration.ofHours(1), () -> {
                ranOn.set(Thread.currentThread());
                ran.countDown();
            });

            assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(ranOn.get().getName()).isEqualTo("periodic-test");
        assertThat(ranOn.get().isDaemon()).isTrue();
    }
}
