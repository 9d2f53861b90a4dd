package dev.tradeloom.platform.mail;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * An SMTP server (RFC 5321, the commands a client sends for one plain message) that refuses every
 * recipient whose address contains {@code refuse} (until told otherwise) with {@code 550} at {@code RCPT TO},
 * as a mail server refuses an unknown mailbox, and accepts the rest. It can also be told to greylist
 * recipients (a {@code 451} the first time each is offered, as greylisting servers defer a sender they have
 * not seen), to refuse our sender at {@code MAIL FROM}, to refuse messages at the end of {@code DATA}, and to
 * keep a recipient's offer waiting for the test. The in-process test server accepts every recipient and
 * message, so this one stands in for a server that does not. It records the recipients of each accepted
 * message.
 */
final class RefusingSmtpServer implements AutoCloseable {
    private volatile String refuse;
    private volatile @Nullable String greylist;
    private volatile int greylistTimes;
    private volatile String dataRefusal = "";
    private final AtomicInteger dataRefusals = new AtomicInteger();
    private volatile String senderRefusal = "";
    private final AtomicInteger senderRefusals = new AtomicInteger();
    private volatile @Nullable Pause pause;
    private final ServerSocket socket;
    private final List<List<String>> delivered = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> offered = new ConcurrentHashMap<>();

    RefusingSmtpServer(String refuse) throws IOException {
        this.refuse = refuse;
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final Thread acceptor = new Thread(this::serve, "refusing-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** From now on, refuses the addresses that contain {@code part} instead. */
    void refuse(String part) {
        refuse = part;
    }

    /**
     * From now on, answers the first {@code RCPT TO} of each address that contains {@code part} with
     * {@code 451 4.7.1} (try again later), and accepts the address when it is offered again.
     */
    void greylist(String part) {
        greylist(part, 1);
    }

    /**
     * From now on, answers the first {@code times} {@code RCPT TO} of each address that contains {@code part}
     * with {@code 451 4.7.1}, and accepts the address when it is offered again.
     */
    void greylist(String part, int times) {
        greylistTimes = times;
        greylist = part;
    }

    /** Answers the next {@code times} {@code MAIL FROM} with {@code reply} instead of accepting our sender. */
    void refuseSender(String reply, int times) {
        senderRefusal = reply;
        senderRefusals.set(times);
    }

    /**
     * Keeps the {@code nth} {@code RCPT TO} of {@code address} unanswered until {@link #resume}, so the test
     * can look at the delivery while that attempt is under way.
     */
    void pauseAt(String address, int nth) {
        pause = new Pause(address, nth, new CountDownLatch(1), new CountDownLatch(1));
    }

    /** Waits, at most {@code timeout}, until the offer {@link #pauseAt} names has come and is held. */
    void awaitPaused(Duration timeout) throws InterruptedException {
        final Pause p = requireNonNull(pause, "pauseAt first");
        if (!p.reached().await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("Timed out after " + timeout + " waiting for offer " + p.nth() + " of "
                                     + p.address());
        }
    }

    /** Answers the offer held by {@link #pauseAt}. */
    void resume() {
        requireNonNull(pause, "pauseAt first").resumed().countDown();
    }

    private record Pause(String address, int nth, CountDownLatch reached, CountDownLatch resumed) {}

    /**
     * Answers the end of the next {@code times} messages with {@code reply} instead of accepting them, and
     * closes the connection after a {@code 421}.
     */
    void refuseData(String reply, int times) {
        dataRefusal = reply;
        dataRefusals.set(times);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The recipients each accepted message was delivered to, in order. */
    List<List<String>> delivered() {
        return List.copyOf(delivered);
    }

    /** How many times {@code address} was offered in {@code RCPT TO}, accepted or not. */
    int offered(String address) {
        final AtomicInteger count = offered.get(address);
        return count == null ? 0 : count.get();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                converse(client);
            } catch (IOException e) {
                // The socket closed (the test ended) or the client hung up: wait for the next one.
            }
        }
    }

    private void converse(Socket client) throws IOException {
        final BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                                                                           StandardCharsets.UTF_8));
        final PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8);
        reply(out, "220 refusing-smtp ready");
        List<String> recipients = new ArrayList<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            final String command = line.toUpperCase(Locale.ROOT);
            if (command.startsWith("RCPT TO:")) {
                final String address = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'));
                final int offer = offered.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
                final Pause p = pause;
                if (p != null && p.address().equals(address) && p.nth() == offer) {
                    p.reached().countDown();
                    awaitUninterruptibly(p.resumed());
                }
                final String grey = greylist;
                if (address.contains(refuse)) {
                    reply(out, "550 5.1.1 <" + address + ">: mailbox unavailable");
                } else if (grey != null && address.contains(grey) && offer <= greylistTimes) {
                    reply(out, "451 4.7.1 <" + address + ">: greylisted, try again later");
                } else {
                    recipients.add(address);
                    reply(out, "250 2.1.5 OK");
                }
            } else if (command.equals("DATA")) {
                reply(out, "354 end data with <CR><LF>.<CR><LF>");
                for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
                    // The message itself is not needed, only who it went to.
                }
                if (dataRefusals.getAndUpdate(n -> Math.max(n - 1, 0)) > 0) {
                    reply(out, dataRefusal);
                    if (dataRefusal.startsWith("421")) {
                        // Service not available: the server closes the connection after saying so.
                        return;
                    }
                } else {
                    delivered.add(List.copyOf(recipients));
                    reply(out, "250 2.0.0 queued");
                }
            } else if (command.startsWith("MAIL FROM:")
                       && senderRefusals.getAndUpdate(n -> Math.max(n - 1, 0)) > 0) {
                reply(out, senderRefusal);
            } else if (command.startsWith("MAIL FROM:") || command.equals("RSET")) {
                recipients = new ArrayList<>();
                reply(out, "250 2.1.0 OK");
            } else if (command.equals("QUIT")) {
                reply(out, "221 2.0.0 bye");
                return;
            } else {
                // EHLO, HELO, NOOP: nothing to negotiate.
                reply(out, "250 OK");
            }
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(PrintWriter out, String line) {
        out.print(line + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
