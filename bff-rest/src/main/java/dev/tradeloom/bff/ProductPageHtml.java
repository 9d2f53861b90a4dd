package dev.tradeloom.bff;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.stream.Collectors;

import dev.tradeloom.catalog.v1.AttributeValue;
import dev.tradeloom.catalog.v1.Money;
import dev.tradeloom.catalog.v1.ProductImage;
import dev.tradeloom.catalog.v1.StorefrontProduct;
import dev.tradeloom.catalog.v1.StorefrontVariant;

/**
 * A product's public page as HTML: what a buyer following a catalog link sees, with the Open Graph tags
 * WhatsApp and Facebook read for a link's preview. Every value from the catalog is escaped.
 */
final class ProductPageHtml {
    private static final int SUMMARY_CHARACTERS = 200;
    private static final int PREVIEW_IMAGES = 4;
    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;"
                                         + "padding:0 1rem;color:#222}img{max-width:100%;height:auto}"
                                         + ".description{white-space:pre-line}del{color:#777}";

    private ProductPageHtml() {}

    static String page(StorefrontProduct product) {
        final StringBuilder html = new StringBuilder(4096);
        final String supplier = product.getSupplier().getName();
        final String summary = summary(product.getDescription().isBlank() ? product.getName()
                                                                        : product.getDescription());
        final Money price = product.hasSalePrice() ? product.getSalePrice() : product.getPrice();
        html.append("<!doctype html>\n<html lang=\"").append(escape(product.getLanguage())).append("\">\n<head>\n")
            .append("<meta charset=\"utf-8\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .append("<title>").append(escape(product.getName())).append(" · ").append(escape(supplier))
            .append("</title>\n");
        meta(html, "name", "description", summary);
        meta(html, "property", "og:type", "product");
        meta(html, "property", "og:title", product.getName());
        meta(html, "property", "og:description", summary);
        meta(html, "property", "og:site_name", supplier);
        product.getImagesList().stream().limit(PREVIEW_IMAGES)
               .forEach(image -> meta(html, "property", "og:image", image.getUrl()));
        meta(html, "property", "product:price:amount", amount(price));
        meta(html, "property", "product:price:currency", price.getCurrency());
        meta(html, "property", "product:availability", product.getInStock() ? "in stock" : "out of stock");
        html.append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n<main>\n")
            .append("<h1>").append(escape(product.getName())).append("</h1>\n")
            .append("<p class=\"supplier\">").append(escape(supplier));
        if (!product.getSupplier().getCity().isBlank()) {
            html.append(", ").append(escape(product.getSupplier().getCity()));
        }
        html.append("</p>\n<p class=\"price\"><strong>").append(escape(money(price))).append("</strong>");
        if (product.hasSalePrice()) {
            html.append(" <del>").append(escape(money(product.getPrice()))).append("</del>");
        }
        html.append(product.getInStock() ? " · in stock" : " · out of stock").append("</p>\n");
        for (ProductImage image : product.getImagesList()) {
            html.append("<img src=\"").append(escape(image.getUrl())).append("\" alt=\"")
                .append(escape(image.getAltText().isBlank() ? product.getName() : image.getAltText()))
                .append("\">\n");
        }
        html.append("<p class=\"description\">").append(escape(product.getDescription())).append("</p>\n");
        if (!product.getAttributesList().isEmpty()) {
            html.append("<dl class=\"attributes\">\n");
            for (AttributeValue attribute : product.getAttributesList()) {
                html.append("<dt>").append(escape(attribute.getKey())).append("</dt><dd>")
                    .append(escape(attribute.getValue())).append("</dd>\n");
            }
            html.append("</dl>\n");
        }
        if (!product.getVariantsList().isEmpty()) {
            html.append("<ul class=\"variants\">\n");
            for (StorefrontVariant variant : product.getVariantsList()) {
                html.append("<li>").append(escape(attributes(variant.getAttributesList()))).append(" · ")
                    .append(escape(money(variant.getPrice())))
                    .append(variant.getInStock() ? " · in stock" : " · out of stock").append("</li>\n");
            }
            html.append("</ul>\n");
        }
        return html.append("</main>\n</body>\n</html>\n").toString();
    }

    /** The page of a product that does not exist or is not visible. */
    static String notFound() {
        return notice("This product is not available", "It may be sold out or no longer offered.");
    }

    /** The page shown while the catalog cannot be reached. */
    static String unavailable() {
        return notice("The catalog is unavailable", "Please try again in a moment.");
    }

    private static String notice(String title, String text) {
        return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + title
               + "</title>\n<style>" + STYLE + "</style>\n</head>\n<body>\n<main>\n<h1>" + title + "</h1>\n<p>"
               + text + "</p>\n</main>\n</body>\n</html>\n";
    }

    /** {@code minor} units as a decimal by the currency's exponent and the code: {@code 5000.00 INR}. */
    static String money(Money money) {
        return amount(money) + ' ' + money.getCurrency();
    }

    private static String amount(Money money) {
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(money.getCurrency()).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            digits = 2;
        }
        return BigDecimal.valueOf(money.getAmountMinor(), digits).toPlainString();
    }

    private static String attributes(List<AttributeValue> values) {
        return values.stream().map(a -> a.getKey() + ": " + a.getValue()).collect(Collectors.joining(", "));
    }

    private static String summary(String text) {
        final String flat = text.strip().replaceAll("\\s+", " ");
        if (flat.codePointCount(0, flat.length()) <= SUMMARY_CHARACTERS) {
            return flat;
        }
        return flat.substring(0, flat.offsetByCodePoints(0, SUMMARY_CHARACTERS - 1)).stripTrailing() + '…';
    }

    private static void meta(StringBuilder html, String attribute, String name, String content) {
        html.append("<meta ").append(attribute).append("=\"").append(name).append("\" content=\"")
            .append(escape(content)).append("\">\n");
    }

    /** Text safe inside an element or a double-quoted attribute. */
    static String escape(String text) {
        final StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
