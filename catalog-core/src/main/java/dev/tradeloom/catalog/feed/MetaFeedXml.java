package dev.tradeloom.catalog.feed;

import static java.util.Objects.requireNonNull;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.jspecify.annotations.Nullable;

import dev.tradeloom.catalog.store.MetaFeedItemRow;

/**
 * Writes a Meta catalog feed as INTEGRATIONS.md describes it: RSS 2.0 with the {@code g:}
 * namespace, one {@code <item>} per variant (sharing {@code g:item_group_id}) or per product
 * without variants, each on its own line so no line grows with the catalog.
 */
final class MetaFeedXml {
    static final String G = "http://base.google.com/ns/1.0";
    static final int MAX_ID = 100;
    static final int MAX_TITLE = 200;
    static final int MAX_DESCRIPTION = 9999;
    static final int MAX_ADDITIONAL_IMAGES = 20;
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();
    private static final List<String> COLOR_KEYS = List.of("color", "colour");

    private final XMLStreamWriter xml;
    private final String storefrontUrl;
    private final String brand;

    private final Function<String, String> imageUrl;

    private MetaFeedXml(XMLStreamWriter xml, String storefrontUrl, String brand,
                        Function<String, String> imageUrl) {
        this.xml = xml;
        this.imageUrl = imageUrl;
        this.storefrontUrl = storefrontUrl;
        this.brand = brand;
    }

    /**
     * Starts the document on {@code out}: items link to {@code publicBaseUrl}'s storefront of
     * {@code tenantId}, carry {@code brand} (the supplier's name), and show uploaded images at
     * {@code imageUrl} of their key.
     */
    static MetaFeedXml start(OutputStream out, String publicBaseUrl, UUID tenantId, String brand,
                             Function<String, String> imageUrl) {
        requireNonNull(out, "out");
        requireNonNull(imageUrl, "imageUrl");
        try {
            final XMLStreamWriter xml = FACTORY.createXMLStreamWriter(out, "UTF-8");
            final MetaFeedXml feed = new MetaFeedXml(xml, publicBaseUrl + "/storefronts/" + tenantId, brand,
                                                     imageUrl);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("rss");
            xml.writeNamespace("g", G);
            xml.writeAttribute("version", "2.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("channel");
            feed.element("title", clean(brand, MAX_TITLE));
            feed.element("link", feed.storefrontUrl);
            feed.element("description", clean(brand + " catalog", MAX_DESCRIPTION));
            xml.writeCharacters("\n");
            return feed;
        } catch (XMLStreamException e) {
            throw new FeedWriteException(e);
        }
    }

    /** Writes one item. */
    void item(MetaFeedItemRow row) {
        try {
            xml.writeStartElement("item");
            final String id = row.isVariant() ? requireNonNull(row.variantSku()) : row.sku();
            g("id", clean(id, MAX_ID));
            g("title", clean(row.name(), MAX_TITLE));
            g("description", clean(row.description().isBlank() ? row.name() : row.description(),
                                   MAX_DESCRIPTION));
            final long stock = row.isVariant() ? requireNonNull(row.variantStock()) : row.stock();
            g("availability", stock > 0 ? "in stock" : "out of stock");
            g("condition", "new");
            final Long override = row.isVariant() ? row.variantPriceOverrideMinor() : null;
            if (override != null) {
                g("price", price(override, row.currency()));
            } else {
                g("price", price(row.priceMinor(), row.currency()));
                // Meta takes a sale price only below the price.
                if (row.salePriceMinor() != null && row.salePriceMinor() < row.priceMinor()) {
                    g("sale_price", price(row.salePriceMinor(), row.currency()));
                }
            }
            g("link", storefrontUrl + "/products/" + row.slug());
            final List<String> images = row.imagesForMeta(imageUrl);
            if (!images.isEmpty()) {
                g("image_link", images.get(0));
                images.stream().skip(1).limit(MAX_ADDITIONAL_IMAGES).forEach(url -> g("additional_image_link", url));
            }
            g("brand", clean(brand, MAX_TITLE));
            if (row.isVariant()) {
                g("item_group_id", clean(row.sku(), MAX_ID));
            }
            optional("size", attribute(row, List.of("size")));
            optional("color", attribute(row, COLOR_KEYS));
            optional("material", attribute(row, List.of("material")));
            optional("gender", gender(attribute(row, List.of("gender"))));
            g("inventory", Long.toString(stock));
            xml.writeEndElement();
            xml.writeCharacters("\n");
        } catch (XMLStreamException e) {
            throw new FeedWriteException(e);
        }
    }

    /** Closes the channel and the document and flushes what is left to the stream. */
    void end() {
        try {
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
            xml.close();
        } catch (XMLStreamException e) {
            throw new FeedWriteException(e);
        }
    }

    /** {@code minor} units as Meta's price: the decimal amount by the currency's exponent, a space, the code. */
    static String price(long minor, String currency) {
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            digits = 2;
        }
        return BigDecimal.valueOf(minor, digits).toPlainString() + ' ' + currency.toUpperCase(Locale.ROOT);
    }

    /**
     * Meta's gender ({@code female}, {@code male} or {@code unisex}) for what a seller wrote, in English or
     * Hindi; null for anything else, which Meta would refuse.
     */
    static @Nullable String gender(@Nullable String value) {
        if (value == null) {
            return null;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "female", "f", "woman", "women", "womens", "women's", "lady", "ladies", "girl", "girls",
                 "महिला", "महिलाएं", "स्त्री" -> "female";
            case "male", "m", "man", "men", "mens", "men's", "gents", "boy", "boys", "पुरुष" -> "male";
            case "unisex", "यूनिसेक्स" -> "unisex";
            default -> null;
        };
    }

    /** Plain text Meta accepts: characters XML 1.0 allows, trimmed, at most {@code max} characters. */
    static String clean(String text, int max) {
        final StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        text.strip().codePoints().filter(MetaFeedXml::allowedInXml).limit(max).forEach(out::appendCodePoint);
        return out.toString();
    }

    private static boolean allowedInXml(int c) {
        return c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xD7FF
               || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF;
    }

    /** A variant's value for one of {@code keys}, else the product's, else null. */
    private static @Nullable String attribute(MetaFeedItemRow row, List<String> keys) {
        final String own = find(row.variantAttributeKeys(), row.variantAttributeValues(), keys);
        return own != null ? own : find(row.attributeKeys(), row.attributeValues(), keys);
    }

    private static @Nullable String find(List<String> keys, List<String> values, List<String> wanted) {
        for (int i = 0; i < keys.size(); i++) {
            if (wanted.contains(keys.get(i)) && !values.get(i).isBlank()) {
                return values.get(i);
            }
        }
        return null;
    }

    private void optional(String name, @Nullable String value) {
        if (value != null) {
            g(name, clean(value, MAX_TITLE));
        }
    }

    private void g(String name, String value) {
        try {
            xml.writeStartElement("g", name, G);
            text(value);
            xml.writeEndElement();
        } catch (XMLStreamException e) {
            throw new FeedWriteException(e);
        }
    }

    private void element(String name, String value) throws XMLStreamException {
        xml.writeStartElement(name);
        text(value);
        xml.writeEndElement();
    }

    /** Line breaks as character references, so that an item stays on one line of the document. */
    private void text(String value) throws XMLStreamException {
        int from = 0;
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == '\n' || c == '\r') {
                xml.writeCharacters(value.substring(from, i));
                xml.writeEntityRef(c == '\n' ? "#10" : "#13");
                from = i + 1;
            }
        }
        xml.writeCharacters(value.substring(from));
    }

    /** Writing the document failed, most often because the client went away. */
    static final class FeedWriteException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FeedWriteException(Throwable cause) {
            super(cause);
        }
    }
}
