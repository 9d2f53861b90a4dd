package dev.tradeloom.bff;

import static dev.tradeloom.bff.EdgeTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import dev.tradeloom.catalog.CatalogCoreTesting;
import dev.tradeloom.catalog.CatalogCoreTesting.Seller;
import dev.tradeloom.platform.storage.TestImages;

/**
 * Product search and suggestions over REST through the edge to a real catalog-core: filters, facets,
 * sorts, pages, web syntax, typos, and a seller's changes reaching buyers' searches on the next request.
 */
class EdgeProductSearchTest {
    private static EdgeTesting edge;
    private static CatalogCoreTesting catalog;
    private static Seller jaipur;
    private static Seller surat;
    private static String dupattas;

    @BeforeAll
    static void start() {
        edge = EdgeTesting.withCatalog();
        catalog = edge.catalogCore;
        jaipur = catalog.seller("prints", "Jaipur", "en");
        surat = catalog.seller("weaves", "Surat", "en");
        final AggregatedHttpResponse fabric = edge.post("/v1/tenants/" + jaipur.tenantId() + "/attributes", """
                {"key":"fabric","name":"Fabric","kind":"ATTRIBUTE_KIND_ENUM","allowedValues":["Cotton","Silk"]}""",
                                                        jaipur.token());
        assertThat(fabric.status()).as(fabric.contentUtf8()).isEqualTo(HttpStatus.OK);
        final AggregatedHttpResponse category = edge.post("/v1/tenants/" + jaipur.tenantId() + "/categories",
                                                          "{\"name\":\"Dupattas\"}", jaipur.token());
        assertThat(category.status()).as(category.contentUtf8()).isEqualTo(HttpStatus.OK);
        dupattas = json(category).get("id").asText();
        create(jaipur, "Indigo block print dupatta", 65_000,
               "\"categoryId\":\"" + dupattas + "\",\"attributes\":[{\"key\":\"fabric\",\"value\":\"Cotton\"}]");
        create(jaipur, "Bagru silk dupatta", 120_000,
               "\"categoryId\":\"" + dupattas + "\",\"attributes\":[{\"key\":\"fabric\",\"value\":\"Silk\"}]");
        create(jaipur, "Sanganeri cotton bedsheet", 180_000, "\"description\":\"Hand block printed\"");
        create(surat, "Surat silk saree", 150_000, "\"description\":\"Art silk with zari border\"");
        create(surat, "Georgette saree", 90_000, "\"description\":\"Light and printed\"");
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    @Test
    void filtersAndFacets_overRest() {
        final JsonNode silk = search("query=silk&facets=true");
        assertThat(names(silk)).containsExactly("Surat silk saree", "Bagru silk dupatta");
        final JsonNode card = silk.get("results").get(1);
        assertThat(card.get("supplierCity").asText()).isEqualTo("Jaipur");
        assertThat(card.get("categoryName").asText()).isEqualTo("Dupattas");
        assertThat(card.get("price").get("amountMinor").asText()).isEqualTo("120000");
        final JsonNode facets = silk.get("facets");
        assertThat(facets.get("counted").asLong()).isEqualTo(2);
        assertThat(facets.get("exact").asBoolean()).isTrue();
        assertThat(facets.get("cities").findValuesAsText("value")).containsExactlyInAnyOrder("Surat", "Jaipur");
        assertThat(facets.get("categories").get(0).get("label").asText()).isEqualTo("Dupattas");
        assertThat(facets.get("attributes").get(0).get("value").asText()).isEqualTo("fabric=Silk");

        assertThat(names(search("categoryId=" + dupattas))).containsExactly("Bagru silk dupatta",
                                                                            "Indigo block print dupatta");
        assertThat(names(search("attributes=" + encode("fabric=Cotton")))).containsExactly("Indigo block print dupatta");
        assertThat(names(search("city=surat&currency=INR&sort=PRODUCT_SORT_PRICE_ASC")))
                .containsExactly("Georgette saree", "Surat silk saree");
        assertThat(names(search("minPriceMinor=100000&maxPriceMinor=160000&currency=INR&sort=PRODUCT_SORT_PRICE_DESC")))
                .containsExactly("Surat silk saree", "Bagru silk dupatta");
        assertThat(names(search("supplierTenantId=" + jaipur.tenantId() + "&query=print")))
                .containsExactly("Indigo block print dupatta", "Sanganeri cotton bedsheet");
    }

    @Test
    void eachSort_pagesThroughEveryProductOnce() {
        for (String sort : List.of("PRODUCT_SORT_RELEVANCE", "PRODUCT_SORT_NEWEST", "PRODUCT_SORT_PRICE_ASC",
                                   "PRODUCT_SORT_PRICE_DESC")) {
            final List<String> seen = new ArrayList<>();
            String token = "";
            for (int page = 0; page < 10; page++) {
                final JsonNode body = search("sort=" + sort + "&currency=INR&pageSize=2&pageToken=" + encode(token));
                assertThat(body.get("results").size()).isLessThanOrEqualTo(2);
                seen.addAll(names(body));
                token = body.path("nextPageToken").asText("");
                if (token.isEmpty()) {
                    break;
                }
            }
            assertThat(seen).as(sort).hasSize(5).doesNotHaveDuplicates();
            if (sort.equals("PRODUCT_SORT_PRICE_ASC")) {
                assertThat(seen).first().isEqualTo("Indigo block print dupatta");
            }
            if (sort.equals("PRODUCT_SORT_NEWEST")) {
                assertThat(seen).first().isEqualTo("Georgette saree");
            }
        }
    }

    @Test
    void webSyntax_quotesExclusionsAndOr() {
        assertThat(names(search("query=" + encode("block dupatta")))).containsExactly("Indigo block print dupatta");
        assertThat(names(search("query=" + encode("\"block dupatta\"")))).isEmpty();
        assertThat(names(search("query=" + encode("\"block print\""))))
                .containsExactlyInAnyOrder("Indigo block print dupatta", "Sanganeri cotton bedsheet");
        assertThat(names(search("query=" + encode("saree -silk")))).containsExactly("Georgette saree");
        assertThat(names(search("query=" + encode("bedsheet or georgette"))))
                .containsExactlyInAnyOrder("Sanganeri cotton bedsheet", "Georgette saree");
    }

    @Test
    void suggestions_forgiveATypo() {
        catalog.refreshSearchTerms();
        final AggregatedHttpResponse response = edge.get("/v1/products:suggest?prefix=slik", null);
        assertThat(response.status()).as(response.contentUtf8()).isEqualTo(HttpStatus.OK);
        assertThat(json(response).get("suggestions").get(0).get("text").asText()).isEqualTo("silk");
        assertThat(json(edge.get("/v1/products:suggest?prefix=" + encode("indigo dupat"), null))
                           .get("suggestions").get(0).get("text").asText()).isEqualTo("indigo dupatta");
    }

    @Test
    void acceptLanguage_picksTheNamesLanguage_unlessTheRequestNamesOne() {
        final String unique = UUID.randomUUID().toString().substring(0, 8);
        final AggregatedHttpResponse created = edge.post("/v1/tenants/" + jaipur.tenantId() + "/products", """
                {"sku":"LHR-%s","slug":"leheriya-%s","name":"Leheriya odhni","status":"PRODUCT_STATUS_ACTIVE",
                 "price":{"amountMinor":"45000","currency":"INR"},"stock":"1",
                 "translations":[{"language":"hi","name":"लहरिया ओढ़नी"}]}""".formatted(unique, unique),
                                                         jaipur.token());
        assertThat(created.status()).as(created.contentUtf8()).isEqualTo(HttpStatus.OK);
        final String path = "/v1/products:search?query=leheriya";
        final JsonNode hindi = json(edge.http.execute(
                RequestHeaders.builder(HttpMethod.GET, path).add("accept-language", "hi-IN,hi;q=0.9,en;q=0.5")
                              .build()));
        assertThat(hindi.get("results").get(0).get("name").asText()).isEqualTo("लहरिया ओढ़नी");
        assertThat(hindi.get("results").get(0).get("language").asText()).isEqualTo("hi");
        final JsonNode english = json(edge.http.execute(
                RequestHeaders.builder(HttpMethod.GET, path + "&language=en").add("accept-language", "hi").build()));
        assertThat(english.get("results").get(0).get("name").asText()).isEqualTo("Leheriya odhni");
        // The Hindi name is searchable too, and a query read as Hindi finds it in another form ("लहरिये").
        assertThat(names(search("query=" + encode("लहरिया")))).containsExactly("Leheriya odhni");
        final String declined = "/v1/products:search?query=" + encode("लहरिये");
        assertThat(names(json(edge.http.execute(
                RequestHeaders.builder(HttpMethod.GET, declined).add("accept-language", "hi").build()))))
                .containsExactly("लहरिया ओढ़नी");
        assertThat(names(search("query=" + encode("लहरिये")))).isEmpty();
        // Leaves the marketplace as the other tests expect it.
        final String product = "/v1/tenants/" + jaipur.tenantId() + "/products/" + json(created).get("id").asText();
        assertThat(edge.http.execute(RequestHeaders.builder(HttpMethod.DELETE, product)
                                                   .add("authorization", "Bearer " + jaipur.token()).build())
                            .status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void badInput_is400NamingTheField() {
        final String[][] mistakes = {
                { "minPriceMinor=100", "currency" },
                { "minPriceMinor=500&maxPriceMinor=100&currency=INR", "max_price_minor" },
                { "categoryId=nope", "category_id" },
                { "sort=PRODUCT_SORT_CHEAPEST", "sort" },
                { "pageSize=101", "page_size" },
                { "pageToken=%25%25", "page_token" },
        };
        for (String[] m : mistakes) {
            final AggregatedHttpResponse response = edge.get("/v1/products:search?" + m[0], null);
            assertThat(response.status()).as("%s -> %s", m[0], response.contentUtf8())
                                         .isEqualTo(HttpStatus.BAD_REQUEST);
            final String field = json(response).get("details").get("fieldViolations").get(0).get("field").asText();
            assertThat(field.replace("_", "").toLowerCase(java.util.Locale.ROOT)).as(m[0])
                    .isEqualTo(m[1].replace("_", ""));
        }
        assertThat(edge.get("/v1/products:suggest?prefix=s", null).status()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    /**
     * The Asha Store seller flow: a product with an uploaded image is found in the storefront and in
     * search; a price change shows at once; stock 0 hides it (and the feed says out of stock); archived,
     * it leaves the feed and search.
     */
    @Test
    void ashaStore_sellerChanges_reachSearch_onTheNextRequest() {
        final Seller asha = catalog.seller("asha", "Varanasi", "en");
        final AggregatedHttpResponse uploaded = edge.postBytes("/v1/tenants/" + asha.tenantId() + "/images",
                                                               TestImages.jpeg(), MediaType.JPEG, asha.token());
        assertThat(uploaded.status()).as(uploaded.contentUtf8()).isEqualTo(HttpStatus.OK);
        final String key = json(uploaded).get("key").asText();
        final String unique = UUID.randomUUID().toString().substring(0, 8);
        final String sku = "ASH-" + unique;
        final String products = "/v1/tenants/" + asha.tenantId() + "/products";
        final AggregatedHttpResponse created = edge.post(products, """
                {"sku":"%s","slug":"paithani-%s","name":"Paithani silk saree","status":"PRODUCT_STATUS_ACTIVE",
                 "price":{"amountMinor":"750000","currency":"INR"},"stock":"3",
                 "images":[{"key":"%s","altText":"pallu"}]}""".formatted(sku, unique, key), asha.token());
        assertThat(created.status()).as(created.contentUtf8()).isEqualTo(HttpStatus.OK);
        final String id = json(created).get("id").asText();
        final String feed = feedPath(asha);
        final String mine = "query=paithani&supplierTenantId=" + asha.tenantId();

        assertThat(edge.get("/v1/storefronts/" + asha.tenantId() + "/products/" + id, null).status())
                .isEqualTo(HttpStatus.OK);
        final JsonNode found = search(mine).get("results");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("productId").asText()).isEqualTo(id);
        assertThat(found.get(0).get("supplierCity").asText()).isEqualTo("Varanasi");
        assertThat(found.get(0).get("imageUrl").asText()).contains(key);
        assertThat(names(search("query=paithani"))).containsExactly("Paithani silk saree");

        assertThat(patch(products + '/' + id + "?updateMask=price",
                         "{\"price\":{\"amountMinor\":\"690000\",\"currency\":\"INR\"}}", asha.token()).status())
                .isEqualTo(HttpStatus.OK);
        assertThat(search(mine).get("results").get(0).get("price").get("amountMinor").asText()).isEqualTo("690000");
        assertThat(names(search("query=paithani&maxPriceMinor=700000&currency=INR")))
                .containsExactly("Paithani silk saree");

        assertThat(patch(products + '/' + id + "?updateMask=stock", "{\"stock\":\"0\"}", asha.token()).status())
                .isEqualTo(HttpStatus.OK);
        assertThat(search(mine).path("results")).isEmpty();
        assertThat(edge.get("/v1/storefronts/" + asha.tenantId() + "/products/" + id, null).status())
                .isEqualTo(HttpStatus.NOT_FOUND);
        final String outOfStock = edge.get(feed, null).contentUtf8();
        assertThat(outOfStock).contains(sku).contains("out of stock");

        assertThat(patch(products + '/' + id + "?updateMask=status", "{\"status\":\"PRODUCT_STATUS_ARCHIVED\"}",
                         asha.token()).status()).isEqualTo(HttpStatus.OK);
        assertThat(edge.get(feed, null).contentUtf8()).doesNotContain(sku);
        assertThat(patch(products + '/' + id + "?updateMask=stock", "{\"stock\":\"5\"}", asha.token()).status())
                .isEqualTo(HttpStatus.OK);
        assertThat(search(mine).path("results")).isEmpty();
        // Active with stock again: found again, so the empty results above were the archive's doing.
        assertThat(patch(products + '/' + id + "?updateMask=status", "{\"status\":\"PRODUCT_STATUS_ACTIVE\"}",
                         asha.token()).status()).isEqualTo(HttpStatus.OK);
        assertThat(search(mine).get("results")).hasSize(1);
        // Deleted, it leaves search for good (and leaves the other tests' marketplace as it was).
        assertThat(edge.http.execute(RequestHeaders.builder(HttpMethod.DELETE, products + '/' + id)
                                                   .add("authorization", "Bearer " + asha.token()).build())
                            .status()).isEqualTo(HttpStatus.OK);
        assertThat(search("query=paithani").path("results")).isEmpty();
    }

    private static JsonNode search(String query) {
        final AggregatedHttpResponse response = edge.get("/v1/products:search?" + query, null);
        assertThat(response.status()).as("%s -> %s", query, response.contentUtf8()).isEqualTo(HttpStatus.OK);
        return json(response);
    }

    private static List<String> names(JsonNode body) {
        final List<String> names = new ArrayList<>();
        body.path("results").forEach(r -> names.add(r.get("name").asText()));
        return names;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void create(Seller seller, String name, long price, String extra) {
        final String unique = UUID.randomUUID().toString().substring(0, 8);
        final AggregatedHttpResponse created = edge.post("/v1/tenants/" + seller.tenantId() + "/products", """
                {"sku":"S-%s","slug":"p-%s","name":"%s","status":"PRODUCT_STATUS_ACTIVE",
                 "price":{"amountMinor":"%d","currency":"INR"},"stock":"2",%s}"""
                .formatted(unique, unique, name, price, extra), seller.token());
        assertThat(created.status()).as(created.contentUtf8()).isEqualTo(HttpStatus.OK);
    }

    private static String feedPath(Seller seller) {
        final AggregatedHttpResponse rotated = edge.post(
                "/v1/tenants/" + seller.tenantId() + "/feeds/meta:rotateToken", "{}", seller.token());
        assertThat(rotated.status()).as(rotated.contentUtf8()).isEqualTo(HttpStatus.OK);
        return json(rotated).get("feedUrl").asText().substring("http://localhost:8080".length());
    }

    private static AggregatedHttpResponse patch(String path, String json, String accessToken) {
        return edge.http.execute(RequestHeaders.builder(HttpMethod.PATCH, path).contentType(MediaType.JSON_UTF_8)
                                               .add("authorization", "Bearer " + accessToken).build(), json);
    }
}
