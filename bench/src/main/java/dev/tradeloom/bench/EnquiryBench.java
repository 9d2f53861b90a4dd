package dev.tradeloom.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jakarta.mail.MessagingException;

/**
 * Enquiry creation through REST at the edge by signed-in buyers, with delivery (an email to the
 * supplier's two notification addresses and a Zoho lead per enquiry) running in the same process:
 * throughput and latency of accepting enquiries, then how long the outbox takes to drain after the load
 * stops, and what was delivered. The {@code outage} variant stops the SMTP server and makes Zoho answer
 * 503 for the middle third of the measured period.
 *
 * <p>Arguments (all optional): {@code load} or {@code outage} (load), clients (16), warm-up seconds (90),
 * measured seconds (30), and the rate in enquiries a second that the clients offer together while
 * measured (0: closed loop, as fast as the edge answers). The warm-up is long because on two cores the
 * JIT compiler is busy with the stack's code (edge, service, driver, delivery) for 80 s or more of this
 * load; it goes on past the given seconds while the compiler still works ({@link LoadRunner#warmUp}), and
 * its deliveries are drained before the measured load starts. A closed loop tells how fast
 * enquiries can be accepted while delivery competes for the cores; a rate tells whether delivery keeps
 * up with that many enquiries a second.
 *
 * <p>{@code -Dbench.jfr=<file>} records a Flight Recorder profile of the measured period;
 * {@code -Dbench.statements} prints PostgreSQL's execution time by statement over the measured period and
 * the drain ({@link StatementTimes}).
 */
public final class EnquiryBench {
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(10);
    /** The warm-up goes on past its minimum while the JIT compiler is busy, up to this long in all. */
    private static final Duration MAX_WARMUP = Duration.ofMinutes(5);
    private static final Pattern LINK = Pattern.compile("/enquiries/([0-9a-f-]{36})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private EnquiryBench() {}

    public static void main(String[] args) throws Exception {
        final boolean outage = args.length > 0 && args[0].equals("outage");
        if (args.length > 0 && !outage && !args[0].equals("load")) {
            throw new IllegalArgumentException("mode: " + args[0] + " (expected: load or outage)");
        }
        final int clients = arg(args, 1, 16);
        final Duration warmup = Duration.ofSeconds(arg(args, 2, 90));
        final Duration measured = Duration.ofSeconds(arg(args, 3, 30));
        final int rate = arg(args, 4, 0);
        try (EnquiryStack stack = new EnquiryStack(clients)) {
            final CpuMeter cpu = new CpuMeter(stack.postgresPid());
            final JobRuns jobRuns = new JobRuns(WebClient.of(stack.enquiryCore.uri()).blocking());
            final BlockingWebClient http = WebClient.of("http://127.0.0.1:" + stack.edgePort()).blocking();
            final String path = "/v1/tenants/" + stack.supplierId + "/enquiries";
            final LoadRunner.Request create = i -> {
                final RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, path)
                        .contentType(MediaType.JSON_UTF_8)
                        .add("authorization", "Bearer " + stack.buyerTokens.get(i)).build();
                try {
                    return http.execute(headers, body(i)).status().code() == 200;
                } catch (RuntimeException e) {
                    return false;
                }
            };
            final String name = "REST create enquiry";
            // The warm-up's backlog is delivered before the measured load starts, so that the drain timed
            // after it is of the measured period's deliveries alone.
            final Duration warmedUpFor = LoadRunner.warmUp(name, clients, clients, warmup, MAX_WARMUP, create);
            final long warmedUp = System.nanoTime();
            awaitDrained(stack, warmedUp);
            System.out.printf("Warmed up for %d s; its deliveries drained in %.1f s%n", warmedUpFor.toSeconds(),
                              (System.nanoTime() - warmedUp) / 1e9);

            final @Nullable Thread outageSwitch = outage ? outageSwitch(stack, measured) : null;
            final @Nullable String jfr = System.getProperty("bench.jfr");
            if (jfr != null) {
                record(Path.of(jfr), measured);
            }
            if (StatementTimes.enabled()) {
                StatementTimes.reset(stack.jdbcUrl);
            }
            final CpuMeter.Snapshot start = cpu.snapshot();
            final Map<String, Double> runsBefore = jobRuns.snapshot();
            final long enquiriesBefore = stack.count("select count(*) from enquiry.enquiries");
            final LoadRunner.Result result = rate > 0
                    ? LoadRunner.runPaced(name, clients, clients, rate, Duration.ZERO, measured, create)
                    : LoadRunner.run(name, clients, clients, Duration.ZERO, measured, create);
            final long loadStopped = System.nanoTime();
            final CpuMeter.Snapshot loaded = cpu.snapshot();
            final long accepted = stack.count("select count(*) from enquiry.enquiries") - enquiriesBefore;
            final long pendingAtStop = pending(stack);
            if (outageSwitch != null) {
                outageSwitch.join();
            }
            System.out.println("Pending deliveries while the outbox drains:");
            final long pending = awaitDrained(stack, loadStopped, true);
            final double drainSeconds = (System.nanoTime() - loadStopped) / 1e9;
            final CpuMeter.Snapshot drained = cpu.snapshot();
            final Map<String, Double> runsAfter = jobRuns.snapshot();

            System.out.printf("%nEnquiry creation%s, %d signed-in clients%s, %d s warm-up, %d s measured%n",
                              outage ? " with SMTP and Zoho down for the middle third" : "", clients,
                              rate > 0 ? " offering " + rate + " enquiries/s" : " in a closed loop",
                              warmup.toSeconds(), measured.toSeconds());
            System.out.println(result.line());
            System.out.printf("Accepted %,d enquiries while the load ran; %,d deliveries "
                              + "pending when it stopped%n", accepted, pendingAtStop);
            System.out.println(pending == 0
                               ? String.format("Outbox drained %.1f s after the load stopped", drainSeconds)
                               : String.format("Outbox NOT drained %.0f s after the load stopped: %,d pending",
                                               drainSeconds, pending));
            CpuMeter.report(start, loaded, accepted, "accepted enquiry (load)").forEach(System.out::println);
            CpuMeter.report(loaded, drained, Math.max(1, pendingAtStop), "delivery pending at stop (drain)")
                    .forEach(System.out::println);
            JobRuns.report(runsBefore, runsAfter, accepted, "accepted enquiry (load and drain)")
                   .forEach(System.out::println);
            if (StatementTimes.enabled()) {
                StatementTimes.report(stack.jdbcUrl, accepted, "accepted enquiry (load and drain)")
                              .forEach(System.out::println);
            }
            printDeliveries(stack);
        }
    }

    /** Starts SMTP and Zoho outages a third into the measured period and ends them at two thirds. */
    private static Thread outageSwitch(EnquiryStack stack, Duration measured) {
        final Thread thread = new Thread(() -> {
            try {
                Thread.sleep(measured.dividedBy(3).toMillis());
                stack.outageStarts();
                System.out.println("SMTP stopped, Zoho answering 503");
                Thread.sleep(measured.dividedBy(3).toMillis());
                stack.outageEnds();
                System.out.println("SMTP and Zoho back");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "outage-switch");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * With {@code -Dbench.jfr=<file>}: a Flight Recorder profile of the measured period only (after
     * the warm-up's compilation), for finding where the CPU goes.
     */
    private static void record(Path file, Duration measured) {
        final Thread thread = new Thread(() -> {
            try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
                recording.start();
                Thread.sleep(measured.toMillis());
                recording.stop();
                recording.dump(file);
                System.out.println("Profile of the measured period written to " + file);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | ParseException e) {
                System.out.println("No profile: " + e);
            }
        }, "profile");
        thread.setDaemon(true);
        thread.start();
    }

    private static String body(int index) {
        return """
               {"message":"Need 500 m of indigo cotton poplin, 58 in width, for client %d","quantity":"500",
                "quantityUnit":"m","contact":{"name":"Buyer %d","email":"buyer-%d@bench-buyer.example"}}"""
                .formatted(index, index, index);
    }

    /**
     * Waits, up to the drain limit after {@code since} (a {@link System#nanoTime}), until no delivery is
     * queued or running; returns how many still are.
     */
    private static long awaitDrained(EnquiryStack stack, long since) throws Exception {
        return awaitDrained(stack, since, false);
    }

    /** As {@link #awaitDrained(EnquiryStack, long)}, printing each second what is left, by queue, if asked. */
    private static long awaitDrained(EnquiryStack stack, long since, boolean print) throws Exception {
        long pending = pending(stack);
        long nextPrint = 0;
        while (pending > 0 && System.nanoTime() - since < DRAIN_LIMIT.toNanos()) {
            final long elapsed = System.nanoTime() - since;
            if (print && elapsed >= nextPrint) {
                System.out.printf("  %4.1f s after the load: %s%n", elapsed / 1e9, pendingByQueue(stack));
                nextPrint += 1_000_000_000L;
            }
            Thread.sleep(50);
            pending = pending(stack);
        }
        return pending;
    }

    /** Per queue: jobs queued or running, and how many of them are queued for later (a retry, a put-back). */
    private static String pendingByQueue(EnquiryStack stack) throws Exception {
        return stack.text("""
                select coalesce(string_agg(format('%s %s (%s not yet due)', queue, n, later), ', ' order by queue),
                                'none')
                  from (select queue, count(*) as n,
                               count(*) filter (where state = 'queued' and run_at > now()) as later
                          from (select queue, state, run_at from enquiry.jobs where state = 'queued'
                                union all
                                select queue, state, run_at from enquiry.jobs where state = 'running') as pending
                         group by queue) as by_queue""");
    }

    /**
     * Each state counted through its own partial index. One count of both states scanned the whole table
     * (every job done so far), and at one count per 50 ms it kept a PostgreSQL backend busy for most of
     * the drain it was timing.
     */
    private static long pending(EnquiryStack stack) throws Exception {
        return stack.count("select (select count(*) from enquiry.jobs where state = 'queued')"
                           + " + (select count(*) from enquiry.jobs where state = 'running')");
    }

    /** Leads and emails delivered, with duplicates and losses counted against the stored enquiries. */
    private static void printDeliveries(EnquiryStack stack) throws Exception {
        final long enquiries = stack.count("select count(*) from enquiry.enquiries");
        final long withLead = stack.count("select count(*) from enquiry.enquiries "
                                          + "where crm_lead_id is not null");
        final List<ServeEvent> upserts = stack.zoho.getAllServeEvents().stream().filter(
                e -> e.getRequest().getUrl().equals(EnquiryStack.UPSERT)).toList();
        final Set<String> createdFor = new HashSet<>();
        long created = 0;
        long refused = 0;
        long calls = 0;
        for (ServeEvent event : upserts) {
            if (event.getResponse().getStatus() == 201) {
                calls++;
                for (JsonNode lead : JSON.readTree(event.getRequest().getBodyAsString()).path("data")) {
                    created++;
                    createdFor.add(lead.path("Tradeloom_Enquiry_Id").asText());
                }
            } else {
                refused++;
            }
        }
        final Map<String, Integer> emails = new HashMap<>();
        long messages = 0;
        for (EnquiryStack.Delivered delivered : stack.receivedMail()) {
            final String key = enquiryEmail(delivered);
            if (key != null) {
                messages++;
                emails.merge(key, 1, Integer::sum);
            }
        }
        System.out.printf("Enquiries stored: %,d%n", enquiries);
        System.out.printf("Leads: %,d enquiries with a lead id; %,d leads created by %,d upsert calls for %,d "
                          + "distinct enquiries (%,d duplicates); %,d upserts refused%n", withLead, created,
                          calls, createdFor.size(), created - createdFor.size(), refused);
        System.out.printf("Emails: %,d enquiry emails in the notification mailboxes for %,d distinct enquiry "
                          + "and address pairs of %,d expected (%,d duplicates)%n", messages, emails.size(),
                          enquiries * EnquiryStack.NOTIFY.size(), messages - emails.size());
        System.out.printf("Deliveries dead: %,d; not done: %,d%n",
                          stack.count("select count(*) from enquiry.jobs where state = 'dead'"),
                          stack.count("select count(*) from enquiry.jobs where state <> 'done'"));
    }

    /** "enquiry-id mailbox" of an email about an enquiry, or null for other mail. */
    private static @Nullable String enquiryEmail(EnquiryStack.Delivered delivered)
            throws IOException, MessagingException {
        final Matcher link = LINK.matcher(String.valueOf(delivered.message().getContent()));
        return link.find() ? link.group(1) + ' ' + delivered.mailbox() : null;
    }

    private static int arg(String[] args, int index, int defaultValue) {
        return args.length > index ? Integer.parseInt(args[index]) : defaultValue;
    }
}
