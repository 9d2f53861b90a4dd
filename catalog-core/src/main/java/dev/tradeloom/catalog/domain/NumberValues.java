package dev.tradeloom.catalog.domain;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Values of number attributes as the database judges them when a definition narrows (migration V18's
 * {@code attribute_value_allowed}): decimals in ASCII digits. {@link BigDecimal} alone also reads the digits
 * of other scripts ("१२", "١٢"), which the database then removed as no number, and which a search filter
 * for "12" did not find. Such digits are rewritten as the ASCII digits they stand for: a decimal digit has one
 * value in every script, so the rewrite cannot misread a supplier who types in Devanagari.
 */
final class NumberValues {
    /** The pattern of V18, whose {@code [0-9]} is ASCII in both places. */
    private static final Pattern NUMBER = Pattern.compile(
            "[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?");

    private NumberValues() {}

    /** {@code value} in ASCII digits, or empty when it is no decimal in the digits of any script. */
    static Optional<String> ascii(String value) {
        final StringBuilder ascii = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            if (c > 0x7f && Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER) {
                ascii.append((char) ('0' + Character.digit(c, 10)));
            } else {
                ascii.appendCodePoint(c);
            }
        });
        final String number = ascii.toString();
        if (!NUMBER.matcher(number).matches()) {
            return Optional.empty();
        }
        try {
            // Also within what Java reads: an exponent past an int's range is refused here, not stored.
            new BigDecimal(number);
            return Optional.of(number);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
