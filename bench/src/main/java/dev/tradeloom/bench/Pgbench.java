package dev.tradeloom.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;

/**
 * Runs SQL scripts through pgbench (the database's own limit, with no service in between) and
 * reads per-transaction latencies from its log, so its p50/p99 compare with the other runs.
 */
final class Pgbench {
    private Pgbench() {}

    static LoadRunner.Result run(String name, int port, String user, String password, String schema, int clients,
                                 Duration warmup, Duration measured, List<String> scripts)
            throws IOException, InterruptedException {
        final Path dir = Files.createTempDirectory("pgbench");
        final List<String> command = new ArrayList<>(List.of(
                "pgbench", "-n", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", user,
                "-c", String.valueOf(clients), "-j", String.valueOf(Math.min(clients, 4)), // Unnamed statements, planned with their values each time, as the service does.
                "-M", "extended",
                "-T", String.valueOf(warmup.toSeconds() + measured.toSeconds()), "-l",
                "--log-prefix=" + dir.resolve("tx")));
        for (int i = 0; i < scripts.size(); i++) {
            final Path script = dir.resolve("q" + i + ".sql");
            Files.writeString(script, scripts.get(i) + ";\n", StandardCharsets.UTF_8);
            command.add("-f");
            command.add(script.toString());
        }
        command.add("postgres");
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        builder.environment().put("PGOPTIONS", "-c search_path=" + schema);
        final Process process = builder.start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("pgbench failed:\n" + output);
        }
        return fromLogs(name, dir, scripts.size(), warmup, measured);
    }

    /** Log lines: client transaction latency_us script epoch_s epoch_us. */
    private static LoadRunner.Result fromLogs(String name, Path dir, int scripts, Duration warmup,
                                              Duration measured) throws IOException {
        final Histogram[] byScript = LoadRunner.histograms(scripts);
        long firstEpoch = Long.MAX_VALUE;
        final List<long[]> rows = new ArrayList<>();
        try (Stream<Path> logs = Files.list(dir)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("tx")).toList()) {
                for (String line : Files.readAllLines(log)) {
                    final String[] f = line.trim().split("\\s+");
                    final long epochMicros = Long.parseLong(f[4]) * 1_000_000 + Long.parseLong(f[5]);
                    rows.add(new long[] { Long.parseLong(f[2]), epochMicros, Long.parseLong(f[3]) });
                    firstEpoch = Math.min(firstEpoch, epochMicros);
                }
            }
        }
        final long measureFrom = firstEpoch + warmup.toNanos() / 1000;
        final long measureTo = measureFrom + measured.toNanos() / 1000;
        for (long[] row : rows) {
            if (row[1] >= measureFrom && row[1] < measureTo) {
                byScript[(int) row[2]].recordValue(Math.max(1, row[0]));
            }
        }
        return LoadRunner.result(name, 0, measured, List.of(byScript));
    }
}
