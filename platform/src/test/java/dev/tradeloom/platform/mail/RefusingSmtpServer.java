package dev.tradeloom.platform.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SMTP server (RFC 5321, the commands a client sends for one plain message) that refuses every
 * recipient whose address contains {@code refuse} (until told otherwise) with {@code 550} at {@code RCPT TO}, as a mail server
 * refuses an unknown mailbox, and accepts the rest. The in-process test server accepts every recipient,
 * so this one stands in for a server that does not. It records the recipients of each accepted message.
 */
final class RefusingSmtpServer implements AutoCloseable {
    private volatile String refuse;
    private final ServerSocket socket;
    private final List<List<String>> delivered = new CopyOnWriteArrayList<>();

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

    int port() {
        return socket.getLocalPort();
    }

    /** The recipients each accepted message was delivered to, in order. */
    List<List<String>> delivered() {
        return List.copyOf(delivered);
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
                if (address.contains(refuse)) {
                    reply(out, "550 5.1.1 <" + address + ">: mailbox unavailable");
                } else {
                    recipients.add(address);
                    reply(out, "250 2.1.5 OK");
                }
            } else if (command.equals("DATA")) {
                reply(out, "354 end data with <CR><LF>.<CR><LF>");
                for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
                    // The message itself is not needed, only who it went to.
                }
                delivered.add(List.copyOf(recipients));
                reply(out, "250 2.0.0 queued");
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

    private static void reply(PrintWriter out, String line) {
        out.print(line + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
