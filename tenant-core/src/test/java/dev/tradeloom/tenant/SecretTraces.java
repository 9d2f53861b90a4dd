package dev.tradeloom.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Checks that a secret left no trace in a row read raw: neither as text nor, in the hex PostgreSQL shows
 * for {@code bytea}, as its UTF-8 bytes or its decoded bytes.
 */
public final class SecretTraces {
    private SecretTraces() {}

    /** {@code rowJson} is {@code row_to_json(...)::text} of the row. */
    public static void assertNoTraceOf(String rowJson, String secretText, byte[] secretBytes) {
        final String row = rowJson.toLowerCase(java.util.Locale.ROOT);
        assertThat(row).doesNotContain(secretText.toLowerCase(java.util.Locale.ROOT))
                       .doesNotContain(HexFormat.of().formatHex(secretText.getBytes(StandardCharsets.UTF_8)))
                       .doesNotContain(HexFormat.of().formatHex(secretBytes));
    }
}
