package dev.tradeloom.bff;

import static dev.tradeloom.bff.EdgeTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.google.protobuf.FieldMask;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tradeloom.catalog.CatalogCoreTesting;
import dev.tradeloom.catalog.CatalogCoreTesting.Seller;
import dev.tradeloom.catalog.v1.Attribute;
import dev.tradeloom.catalog.v1.AttributeKind;
import dev.tradeloom.catalog.v1.AttributeServiceGrpc.AttributeServiceBlockingStub;
import dev.tradeloom.catalog.v1.AttributeValue;
import dev.tradeloom.catalog.v1.CreateAttributeRequest;
import dev.tradeloom.catalog.v1.CreateProductRequest;
import dev.tradeloom.catalog.v1.DeleteProductRequest;
import dev.tradeloom.catalog.v1.Money;
import dev.tradeloom.catalog.v1.Product;
import dev.tradeloom.catalog.v1.ProductImage;
import dev.tradeloom.catalog.v1.ProductServiceGrpc.ProductServiceBlockingStub;
import dev.tradeloom.catalog.v1.ProductStatus;
import dev.tradeloom.catalog.v1.ProductVariant;
import dev.tradeloom.catalog.v1.UpdateProductRequest;
import dev.tradeloom.platform.testing.Eventually;

/**
 * The Meta catalog feed over real HTTP through the edge to a real catalog-core: the XML read back
 * with a real parser and checked field by field, token rotation, gzip and conditional requests.
 */
class EdgeMetaFeedTest {
    private static final String G = "http://base.google.com/ns/1.0";
    private static final String FEED_PREFIX = "http://localhost:8080/feeds/meta/";

    private static EdgeTesting edge;
    private static CatalogCoreTesting catalog;

    @BeforeAll
    static void start() {
        edge = EdgeTesting.withCatalog();
        catalog = edge.catalogCore;
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    @Test
    void feed_hasOneItemPerSellableVariant_withEveryFieldAsMetaExpects() {
        final Seller seller = catalog.seller("feedxml", "Surat", "en");
        defineAttributes(seller, "size", "color", "material");
        final ProductServiceBlockingStub products = products(seller);
        final String u = unique();
        final Product plain = create(products, seller, Product.newBuilder()
                .setSku("PLAIN-" + u).setSlug("plain-" + u).setName("Banarasi silk saree")
                .setDescription("Handwoven in Varanasi.\nPure silk.").setPrice(inr(500_000))
                .setSalePrice(inr(450_000)).setStock(5).setStatus(ProductStatus.PRODUCT_STATUS_ACTIVE)
                .addAttributes(attr("material", "Silk"))
                .addImages(image("https://cdn.example/plain-1.jpg")).addImages(image("https://cdn.example/plain-2.jpg"))
                .addImages(image("https://cdn.example/plain-3.png")));
        final Product grouped = create(products, seller, Product.newBuilder()
                .setSku("KURTA-" + u).setSlug("kurta-" + u).setName("Cotton kurta").setDescription("")
                .setPrice(inr(120_000)).setStock(0).setStatus(ProductStatus.PRODUCT_STATUS_ACTIVE)
                .addAttributes(attr("material", "Cotton"))
                .addImages(image("https://cdn.example/kurta.jpg"))
                .addVariants(ProductVariant.newBuilder().setSku("KURTA-" + u + "-S").setStock(3)
                                           .addAttributes(attr("size", "S")).addAttributes(attr("color", "Indigo")))
                .addVariants(ProductVariant.newBuilder().setSku("KURTA-" + u + "-M").setStock(0)
                                           .setPriceOverride(inr(125_050))
                                           .addAttributes(attr("size", "M")).addAttributes(attr("color", "Indigo"))));
        final Product soldOut = create(products, seller, Product.newBuilder()
                .setSku("SOLD-" + u).setSlug("sold-" + u).setName("Sold-out dupatta").setDescription("Chiffon")
                .setPrice(inr(99_900)).setStock(0).setStatus(ProductStatus.PRODUCT_STATUS_ACTIVE)
                .addImages(image("https://cdn.example/dupatta.jpg")));
        create(products, seller, Product.newBuilder().setSku("DRAFT-" + u).setSlug("draft-" + u).setName("Draft")
                .setPrice(inr(1_000)).setStock(1).setStatus(ProductStatus.PRODUCT_STATUS_DRAFT));
        create(products, seller, Product.newBuilder().setSku("OLD-" + u).setSlug("old-" + u).setName("Old")
                .setPrice(inr(1_000)).setStock(1).setStatus(ProductStatus.PRODUCT_STATUS_ARCHIVED));

        final AggregatedHttpResponse response = edge.get(feedPath(rotate(seller)), null);
        assertThat(response.status()).isEqualTo(HttpStatus.OK);
        assertThat(response.contentType().toString()).startsWith("application/xml");
        assertThat(response.headers().get(HttpHeaderNames.CACHE_CONTROL)).contains("private");
        final Document doc = parse(response.content().array());
        final Element rss = doc.getDocumentElement();
        assertThat(rss.getLocalName()).isEqualTo("rss");
        assertThat(rss.getAttribute("version")).isEqualTo("2.0");
        assertThat(rss.lookupNamespaceURI("g")).isEqualTo(G);
        assertThat(text(rss, "", "title")).isEqualTo("Shop " + seller.slug());

        final Map<String, Element> items = items(doc);
        assertThat(items.keySet()).containsExactly(
                plain.getSku(), "KURTA-" + u + "-S", "KURTA-" + u + "-M", soldOut.getSku());
        // Each item is one line: no line grows with the catalog (Meta refuses lines over 5 MB).
        final String body = response.contentUtf8();
        assertThat(body.lines().filter(l -> l.contains("<item>"))).hasSize(4);
        assertThat(body.lines().filter(l -> l.contains("<item>")))
                .allSatisfy(l -> assertThat(l).startsWith("<item>").endsWith("</item>"));

        final String link = "http://localhost:8080/storefronts/" + seller.tenantId() + "/products/";
        final Element p = items.get(plain.getSku());
        assertThat(fields(p)).containsExactly(
                "id", "title", "description", "availability", "condition", "price", "sale_price", "link",
                "image_link", "additional_image_link", "additional_image_link", "brand", "material", "inventory");
        assertThat(g(p, "title")).isEqualTo("Banarasi silk saree");
        assertThat(g(p, "description")).isEqualTo("Handwoven in Varanasi.\nPure silk.");
        assertThat(g(p, "availability")).isEqualTo("in stock");
        assertThat(g(p, "condition")).isEqualTo("new");
        assertThat(g(p, "price")).isEqualTo("5000.00 INR");
        assertThat(g(p, "sale_price")).isEqualTo("4500.00 INR");
        assertThat(g(p, "link")).isEqualTo(link + plain.getSlug());
        assertThat(g(p, "image_link")).isEqualTo("https://cdn.example/plain-1.jpg");
        assertThat(all(p, "additional_image_link"))
                .containsExactly("https://cdn.example/plain-2.jpg", "https://cdn.example/plain-3.png");
        assertThat(g(p, "brand")).isEqualTo("Shop " + seller.slug());
        assertThat(g(p, "material")).isEqualTo("Silk");
        assertThat(g(p, "inventory")).isEqualTo("5");

        final Element small = items.get("KURTA-" + u + "-S");
        final Element medium = items.get("KURTA-" + u + "-M");
        for (Element variant : List.of(small, medium)) {
            assertThat(fields(variant)).containsExactly(
                    "id", "title", "description", "availability", "condition", "price", "link", "image_link",
                    "brand", "item_group_id", "size", "color", "material", "inventory");
            assertThat(g(variant, "item_group_id")).isEqualTo(grouped.getSku());
            assertThat(g(variant, "title")).isEqualTo("Cotton kurta");
            // Meta requires a description: without one the title stands in.
            assertThat(g(variant, "description")).isEqualTo("Cotton kurta");
            assertThat(g(variant, "link")).isEqualTo(link + grouped.getSlug());
            assertThat(g(variant, "image_link")).isEqualTo("https://cdn.example/kurta.jpg");
            assertThat(g(variant, "color")).isEqualTo("Indigo");
            assertThat(g(variant, "material")).isEqualTo("Cotton");
        }
        assertThat(g(small, "size")).isEqualTo("S");
        assertThat(g(small, "availability")).isEqualTo("in stock");
        assertThat(g(small, "price")).isEqualTo("1200.00 INR");
        assertThat(g(small, "inventory")).isEqualTo("3");
        assertThat(g(medium, "size")).isEqualTo("M");
        assertThat(g(medium, "availability")).isEqualTo("out of stock");
        assertThat(g(medium, "price")).isEqualTo("1250.50 INR");
        assertThat(g(medium, "inventory")).isEqualTo("0");

        final Element sold = items.get(soldOut.getSku());
        assertThat(g(sold, "availability")).isEqualTo("out of stock");
        assertThat(g(sold, "price")).isEqualTo("999.00 INR");
        assertThat(all(sold, "sale_price")).isEmpty();
        assertThat(all(sold, "item_group_id")).isEmpty();
    }

    @Test
    void genderAndSalePrice_areSentOnlyAsMetaTakesThem() {
        final Seller seller = catalog.seller("feedvalues", "Surat", "en");
        defineAttributes(seller, "gender");
        final ProductServiceBlockingStub products = products(seller);
        final String u = unique();
        final Product women = create(products, seller, Product.newBuilder()
                .setSku("WOMEN-" + u).setSlug("women-" + u).setName("Anarkali suit").setPrice(inr(300_000))
                .setSalePrice(inr(300_000)).setStock(2).setStatus(ProductStatus.PRODUCT_STATUS_ACTIVE)
                .addAttributes(attr("gender", "Women")).addImages(image("https://cdn.example/anarkali.jpg")));
        final Product kids = create(products, seller, Product.newBuilder()
                .setSku("KIDS-" + u).setSlug("kids-" + u).setName("Kids' kurta").setPrice(inr(80_000))
                .setStock(2).setStatus(ProductStatus.PRODUCT_STATUS_ACTIVE)
                .addAttributes(attr("gender", "Kids")).addImages(image("https://cdn.example/kids.jpg")));

        final Map<String, Element> items = items(parse(edge.get(feedPath(rotate(seller)), null).content().array()));
        final Element suit = items.get(women.getSku());
        assertThat(g(suit, "gender")).isEqualTo("female");
        assertThat(all(suit, "sale_price")).as("a sale price equal to the price").isEmpty();
        assertThat(all(items.get(kids.getSku()), "gender")).as("a gender Meta does not know").isEmpty();
    }

    @Test
    void archivedAndDeletedProducts_leaveTheFeed_andChangeItsValidators() {
        final Seller seller = catalog.seller("feedarchive", "Surat", "en");
        final ProductServiceBlockingStub products = products(seller);
        final Product kept = create(products, seller, simple("KEEP"));
        final Product archived = create(products, seller, simple("ARCH"));
        final Product deleted = create(products, seller, simple("GONE"));
        final String path = feedPath(rotate(seller));
        final AggregatedHttpResponse before = edge.get(path, null);
        assertThat(items(parse(before.content().array())).keySet())
                .containsExactlyInAnyOrder(kept.getSku(), archived.getSku(), deleted.getSku());

        products.updateProduct(UpdateProductRequest.newBuilder().setTenantId(seller.tenantId())
                .setProduct(archived.toBuilder().setStatus(ProductStatus.PRODUCT_STATUS_ARCHIVED))
                .setUpdateMask(FieldMask.newBuilder().addPaths("status")).build());
        final AggregatedHttpResponse afterArchive = conditional(path, before.headers().get(HttpHeaderNames.ETAG));
        assertThat(afterArchive.status()).isEqualTo(HttpStatus.OK);
        assertThat(items(parse(afterArchive.content().array())).keySet())
                .containsExactlyInAnyOrder(kept.getSku(), deleted.getSku());

        products.deleteProduct(DeleteProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                   .setProductId(deleted.getId()).setEtag(deleted.getEtag()).build());
        final AggregatedHttpResponse afterDelete = conditional(path, afterArchive.headers().get(HttpHeaderNames.ETAG));
        assertThat(afterDelete.status()).isEqualTo(HttpStatus.OK);
        assertThat(items(parse(afterDelete.content().array())).keySet()).containsExactly(kept.getSku());
    }

    @Test
    void unchangedFeed_is304_onIfNoneMatchOrIfModifiedSince() throws InterruptedException {
        final Seller seller = catalog.seller("feed304", "Surat", "en");
        final ProductServiceBlockingStub products = products(seller);
        final Product product = create(products, seller, simple("COND"));
        final String path = feedPath(rotate(seller));
        // An HTTP date counts whole seconds: the feed is dated once its last change's second is over.
        Thread.sleep(2_100);
        final AggregatedHttpResponse first = edge.get(path, null);
        final String etag = first.headers().get(HttpHeaderNames.ETAG);
        final String lastModified = first.headers().get(HttpHeaderNames.LAST_MODIFIED);
        assertThat(etag).startsWith("W/\"");
        assertThat(lastModified).endsWith("GMT");

        final AggregatedHttpResponse same = conditional(path, etag);
        assertThat(same.status()).isEqualTo(HttpStatus.NOT_MODIFIED);
        assertThat(same.content().isEmpty()).isTrue();
        assertThat(same.headers().get(HttpHeaderNames.ETAG)).isEqualTo(etag);
        assertThat(conditional(path, "W/\"other\", " + etag).status()).isEqualTo(HttpStatus.NOT_MODIFIED);
        assertThat(conditional(path, "W/\"other\"").status()).isEqualTo(HttpStatus.OK);
        assertThat(edge.http.execute(RequestHeaders.builder(HttpMethod.GET, path)
                                                   .add(HttpHeaderNames.IF_MODIFIED_SINCE, lastModified).build())
                            .status()).isEqualTo(HttpStatus.NOT_MODIFIED);

        products.updateProduct(UpdateProductRequest.newBuilder().setTenantId(seller.tenantId())
                .setProduct(product.toBuilder().setStock(0)).setUpdateMask(FieldMask.newBuilder().addPaths("stock"))
                .build());
        final AggregatedHttpResponse changed = conditional(path, etag);
        assertThat(changed.status()).isEqualTo(HttpStatus.OK);
        assertThat(changed.headers().get(HttpHeaderNames.ETAG)).isNotEqualTo(etag);
        assertThat(g(items(parse(changed.content().array())).get(product.getSku()), "availability"))
                .isEqualTo("out of stock");
    }

    @Test
    void gzipResponse_decodesToTheSameFeed() throws Exception {
        final Seller seller = catalog.seller("feedgzip", "Surat", "en");
        final Product product = create(products(seller), seller, simple("GZIP"));
        final String path = feedPath(rotate(seller));
        final AggregatedHttpResponse zipped = edge.http.execute(
                RequestHeaders.builder(HttpMethod.GET, path).add(HttpHeaderNames.ACCEPT_ENCODING, "gzip").build());
        assertThat(zipped.status()).isEqualTo(HttpStatus.OK);
        assertThat(zipped.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
        final byte[] xml;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.content().array()))) {
            xml = in.readAllBytes();
        }
        assertThat(items(parse(xml)).keySet()).containsExactly(product.getSku());
        assertThat(edge.get(path, null).headers().get(HttpHeaderNames.CONTENT_ENCODING)).isNull();
    }

    @Test
    void theFeedsToken_staysOutOfTheAccessLogsOfTheEdgeAndCatalogCore() {
        final Seller seller = catalog.seller("feedlog", "Surat", "en");
        final String url = rotate(seller);
        final String token = url.substring(FEED_PREFIX.length(), url.length() - ".xml".length());
        final ListAppender<ILoggingEvent> captured = new ListAppender<>();
        final Logger access = (Logger) LoggerFactory.getLogger("tradeloom.access");
        captured.start();
        access.addAppender(captured);
        try {
            assertThat(edge.get(feedPath(url), null).status()).isEqualTo(HttpStatus.OK);
            Eventually.await(Duration.ofSeconds(30), "the access lines of both", () -> lines(captured).stream()
                    .filter(line -> line.startsWith("GET /feeds/meta/[token].xml 200")).count() == 2);
            assertThat(lines(captured)).noneMatch(line -> line.contains(token));
        } finally {
            access.detachAppender(captured);
        }
    }

    private static List<String> lines(ListAppender<ILoggingEvent> captured) {
        synchronized (captured) {
            return captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Test
    void rotation_makesTheOldUrl404_andUnknownTokensTellNothing() {
        final Seller seller = catalog.seller("feedrotate", "Surat", "en");
        create(products(seller), seller, simple("ROT"));
        final String old = feedPath(rotate(seller));
        assertThat(edge.get(old, null).status()).isEqualTo(HttpStatus.OK);
        final String current = feedPath(rotate(seller));
        final AggregatedHttpResponse gone = edge.get(old, null);
        assertThat(gone.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(gone.contentUtf8()).isEmpty();
        assertThat(edge.get(current, null).status()).isEqualTo(HttpStatus.OK);
        assertThat(edge.get("/feeds/meta/" + "A".repeat(43) + ".xml", null).status())
                .isEqualTo(HttpStatus.NOT_FOUND);

        final AggregatedHttpResponse shown = edge.get("/v1/tenants/" + seller.tenantId() + "/feeds/meta",
                                                      seller.token());
        assertThat(shown.status()).isEqualTo(HttpStatus.OK);
        assertThat(json(shown).get("enabled").asBoolean()).isTrue();
        assertThat(json(shown).has("feedUrl")).isFalse();
        assertThat(current).endsWith(json(shown).get("tokenHint").asText() + ".xml");
    }

    /** Rotates the seller's token over REST and returns the feed URL. */
    private static String rotate(Seller seller) {
        final AggregatedHttpResponse response = edge.post(
                "/v1/tenants/" + seller.tenantId() + "/feeds/meta:rotateToken", "{}", seller.token());
        assertThat(response.status()).as(response.contentUtf8()).isEqualTo(HttpStatus.OK);
        final String url = json(response).get("feedUrl").asText();
        assertThat(url).startsWith(FEED_PREFIX).endsWith(".xml");
        return url;
    }

    private static String feedPath(String url) {
        return url.substring("http://localhost:8080".length());
    }

    private static AggregatedHttpResponse conditional(String path, String etag) {
        return edge.http.execute(RequestHeaders.builder(HttpMethod.GET, path)
                                               .add(HttpHeaderNames.IF_NONE_MATCH, etag).build());
    }

    private static Document parse(byte[] xml) {
        try {
            final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new AssertionError("not a well-formed feed: " + new String(xml, StandardCharsets.UTF_8), e);
        }
    }

    /** Items by g:id, in document order. */
    private static Map<String, Element> items(Document doc) {
        final Map<String, Element> items = new LinkedHashMap<>();
        final NodeList nodes = doc.getElementsByTagNameNS("", "item");
        for (int i = 0; i < nodes.getLength(); i++) {
            final Element item = (Element) nodes.item(i);
            assertThat(item.getParentNode().getLocalName()).isEqualTo("channel");
            items.put(g(item, "id"), item);
        }
        return items;
    }

    /** The item's g: field names in document order; every child is in the g: namespace. */
    private static List<String> fields(Element item) {
        final List<String> names = new ArrayList<>();
        for (Node n = item.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                assertThat(e.getNamespaceURI()).isEqualTo(G);
                names.add(e.getLocalName());
            }
        }
        return names;
    }

    private static String g(Element item, String field) {
        final List<String> values = all(item, field);
        assertThat(values).as(field).hasSize(1);
        return values.get(0);
    }

    private static List<String> all(Element item, String field) {
        final List<String> values = new ArrayList<>();
        final NodeList nodes = item.getElementsByTagNameNS(G, field);
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(nodes.item(i).getTextContent());
        }
        return values;
    }

    private static String text(Element rss, String ns, String name) {
        final Element channel = (Element) rss.getElementsByTagNameNS(ns, "channel").item(0);
        return ((Element) channel.getElementsByTagNameNS(ns, name).item(0)).getTextContent();
    }

    private static void defineAttributes(Seller seller, String... keys) {
        final AttributeServiceBlockingStub attributes = catalog.client(AttributeServiceBlockingStub.class,
                                                                       seller.token());
        for (String key : keys) {
            attributes.createAttribute(CreateAttributeRequest.newBuilder().setTenantId(seller.tenantId())
                    .setAttribute(Attribute.newBuilder().setKey(key).setName(key)
                                           .setKind(AttributeKind.ATTRIBUTE_KIND_TEXT)).build());
        }
    }

    private static ProductServiceBlockingStub products(Seller seller) {
        return catalog.client(ProductServiceBlockingStub.class, seller.token());
    }

    private static Product create(ProductServiceBlockingStub products, Seller seller, Product.Builder product) {
        return products.createProduct(CreateProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                          .setProduct(product).build());
    }

    private static Product.Builder simple(String prefix) {
        final String u = unique();
        return Product.newBuilder().setSku(prefix + '-' + u).setSlug(prefix.toLowerCase(Locale.ROOT) + '-' + u)
                      .setName(prefix + " saree").setDescription("Silk").setPrice(inr(10_000)).setStock(2)
                      .setStatus(ProductStatus.PRODUCT_STATUS_ACTIVE)
                      .addImages(image("https://cdn.example/" + prefix.toLowerCase(Locale.ROOT) + ".jpg"));
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static Money inr(long minor) {
        return Money.newBuilder().setAmountMinor(minor).setCurrency("INR").build();
    }

    private static AttributeValue attr(String key, String value) {
        return AttributeValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static ProductImage image(String url) {
        return ProductImage.newBuilder().setUrl(url).build();
    }
}
