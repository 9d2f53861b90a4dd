package dev.tradeloom.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.linecorp.armeria.client.BlockingWebClient;

/**
 * How often a service's queue worker ran jobs between two snapshots, by queue and outcome, read from the
 * service's {@code tradeloom.jobs.handled} metric: a job that finds its work taken or waits for another
 * (outcome {@code busy}) costs a run without delivering anything.
 */
final class JobRuns {
    private static final Pattern HANDLED = Pattern.compile(
            "^tradeloom_jobs_handled_seconds_count\\{([^}]*)} ([0-9.eE+]+)$", Pattern.MULTILINE);
    private static final Pattern OUTCOME = Pattern.compile("outcome=\"([^\"]*)\"");
    private static final Pattern QUEUE = Pattern.compile("queue=\"([^\"]*)\"");

    private final BlockingWebClient service;

    /** {@code service}: a core service's base URI client, whose {@code /internal/metrics} is read. */
    JobRuns(BlockingWebClient service) {
        this.service = service;
    }

    /** Runs so far by "queue outcome". */
    Map<String, Double> snapshot() {
        final Map<String, Double> runs = new TreeMap<>();
        final Matcher line = HANDLED.matcher(service.get("/internal/metrics").contentUtf8());
        while (line.find()) {
            final Matcher queue = QUEUE.matcher(line.group(1));
            final Matcher outcome = OUTCOME.matcher(line.group(1));
            if (queue.find() && outcome.find()) {
                runs.merge(queue.group(1) + ' ' + outcome.group(1), Double.parseDouble(line.group(2)), Double::sum);
            }
        }
        return runs;
    }

    /** One line per queue and outcome: the runs from {@code before} to {@code after} per {@code units}. */
    static List<String> report(Map<String, Double> before, Map<String, Double> after, long units, String unit) {
        final List<String> lines = new ArrayList<>();
        lines.add("Job runs per " + unit + ", by queue and outcome:");
        after.forEach((key, runs) -> {
            final double delta = runs - before.getOrDefault(key, 0.0);
            if (delta > 0) {
                lines.add(String.format("  %-28s %8.3f  (%,.0f runs)", key, delta / Math.max(1, units), delta));
            }
        });
        return lines;
    }
}
