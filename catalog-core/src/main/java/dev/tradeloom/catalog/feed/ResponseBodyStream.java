package dev.tradeloom.catalog.feed;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponseWriter;

/**
 * The body of a streamed response as an {@link OutputStream} for blocking writers: bytes go out
 * in chunks, and each chunk waits until the client has taken the previous one, so a slow client
 * slows the writer instead of filling memory.
 */
final class ResponseBodyStream extends OutputStream {
    private static final int CHUNK = 32 * 1024;

    private final HttpResponseWriter response;
    private final byte[] buffer = new byte[CHUNK];
    private int used;

    ResponseBodyStream(HttpResponseWriter response) {
        this.response = requireNonNull(response, "response");
    }

    @Override
    public void write(int b) throws IOException {
        if (used == buffer.length) {
            send();
        }
        buffer[used++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int from = offset;
        int left = length;
        while (left > 0) {
            if (used == buffer.length) {
                send();
            }
            final int n = Math.min(left, buffer.length - used);
            System.arraycopy(bytes, from, buffer, used, n);
            used += n;
            from += n;
            left -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        if (used > 0) {
            send();
        }
    }

    private void send() throws IOException {
        if (!response.tryWrite(HttpData.wrap(Arrays.copyOf(buffer, used)))) {
            throw new IOException("The client closed the response");
        }
        used = 0;
        response.whenConsumed().join();
    }
}
