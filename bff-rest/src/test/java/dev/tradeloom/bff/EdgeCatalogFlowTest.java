package dev.tradeloom.bff;

import static dev.tradeloom.bff.EdgeTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

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

/** A seller's catalog and the buyers' storefront, over REST through the edge to a real catalog-core. */
class EdgeCatalogFlowTest {
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
    void sellerChanges_showInTheStorefront_onTheNextRequest() {
        final Seller seller = catalog.seller("edge", "Varanasi", "en");
        final String products = "/v1/tenants/" + seller.tenantId() + "/products";
        final String unique = UUID.randomUUID().toString().substring(0, 8);
        final AggregatedHttpResponse created = edge.post(products, """
                {"sku":"BNR-%s","slug":"banarasi-%s","name":"Banarasi silk saree","status":"PRODUCT_STATUS_ACTIVE",
                 "price":{"amountMinor":"500000","currency":"INR"},"stock":"4",
                 "variants":[{"sku":"BNR-%s-RED","attributes":[],"stock":"0"}]}"""
                .formatted(unique, unique, unique), seller.token());
        assertThat(created.status()).as(created.contentUtf8()).isEqualTo(HttpStatus.OK);
        final String id = json(created).get("id").asText();
        final String storefront = "/v1/storefronts/" + seller.tenantId() + "/products";

        final JsonNode listed = json(edge.get(storefront, null));
        assertThat(listed.get("products")).hasSize(1);
        assertThat(listed.get("products").get(0).get("id").asText()).isEqualTo(id);
        final JsonNode shown = json(edge.get(storefront + '/' + id, null));
        assertThat(shown.get("price").get("amountMinor").asText()).isEqualTo("500000");
        assertThat(shown.get("supplier").get("city").asText()).isEqualTo("Varanasi");

        final AggregatedHttpResponse repriced = patch(products + '/' + id + "?updateMask=price",
                "{\"price\":{\"amountMinor\":\"480000\",\"currency\":\"INR\"},\"etag\":\"1\"}", seller.token());
        assertThat(repriced.status()).as(repriced.contentUtf8()).isEqualTo(HttpStatus.OK);
        assertThat(json(edge.get(storefront + '/' + id, null)).get("price").get("amountMinor").asText())
                .isEqualTo("480000");

        final AggregatedHttpResponse stale = patch(products + '/' + id + "?updateMask=price",
                "{\"price\":{\"amountMinor\":\"1\",\"currency\":\"INR\"},\"etag\":\"1\"}", seller.token());
        assertThat(stale.status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(json(stale).get("reason").asText()).isEqualTo("ETAG_MISMATCH");

        assertThat(patch(products + '/' + id + "?updateMask=stock", "{\"stock\":\"0\"}", seller.token()).status())
                .isEqualTo(HttpStatus.OK);
        assertThat(edge.get(storefront + '/' + id, null).status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(json(edge.get(storefront, null)).get("products")).isNullOrEmpty();

        assertThat(patch(products + '/' + id + "?updateMask=stock", "{\"stock\":\"2\"}", seller.token()).status())
                .isEqualTo(HttpStatus.OK);
        assertThat(edge.get(storefront + '/' + id, null).status()).isEqualTo(HttpStatus.OK);
        assertThat(patch(products + '/' + id + "?updateMask=status", "{\"status\":\"PRODUCT_STATUS_ARCHIVED\"}",
                         seller.token()).status()).isEqualTo(HttpStatus.OK);
        assertThat(edge.get(storefront + '/' + id, null).status()).isEqualTo(HttpStatus.NOT_FOUND);

        // The seller still sees it, in any status.
        final AggregatedHttpResponse own = edge.get(products + '/' + id, seller.token());
        assertThat(json(own).get("status").asText()).isEqualTo("PRODUCT_STATUS_ARCHIVED");
        assertThat(edge.get(products + '/' + id, null).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void badInput_is400WithFieldViolations_andStrangersGet403() {
        final Seller seller = catalog.seller("strict", "Surat", "en");
        final String products = "/v1/tenants/" + seller.tenantId() + "/products";
        final AggregatedHttpResponse badSku = edge.post(products, """
                {"sku":"not a sku!","slug":"x","name":"X","price":{"amountMinor":"1","currency":"INR"}}""",
                                                         seller.token());
        assertThat(badSku.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(badSku).get("details").get("fieldViolations").get(0).get("field").asText())
                .isEqualTo("product.sku");

        final AggregatedHttpResponse negative = edge.post(products, """
                {"sku":"NEG-1","slug":"neg","name":"X","stock":"-3","price":{"amountMinor":"1","currency":"INR"}}""",
                                                           seller.token());
        assertThat(negative.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(negative).get("details").get("fieldViolations").get(0).get("field").asText())
                .isEqualTo("product.stock");

        final AggregatedHttpResponse noPrice = edge.post(products, "{\"sku\":\"NP-1\",\"slug\":\"np\",\"name\":\"X\"}",
                                                          seller.token());
        assertThat(noPrice.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(noPrice).get("details").get("fieldViolations").get(0).get("field").asText())
                .isEqualTo("product.price");

        final String[][] mistakes = {
                { "GET", "/v1/storefronts/not-a-uuid/products" },
                { "GET", "/v1/storefronts/" + seller.tenantId() + "/products?pageSize=-1" },
                { "GET", "/v1/storefronts/" + seller.tenantId() + "/products?pageToken=%25%25" },
                { "GET", products + "/not-a-uuid" },
                { "PATCH", products + '/' + UUID.randomUUID() + "?updateMask=nope" },
        };
        for (String[] m : mistakes) {
            final AggregatedHttpResponse response = edge.http.execute(
                    RequestHeaders.builder(HttpMethod.valueOf(m[0]), m[1]).contentType(MediaType.JSON_UTF_8)
                                  .add("authorization", "Bearer " + seller.token()).build(), "{}");
            assertThat(response.status().code()).as("%s %s -> %s", m[0], m[1], response.contentUtf8())
                                                 .isBetween(400, 499);
        }

        final String stranger = edge.tenantCore.signUp(dev.tradeloom.tenant.TenantCoreTesting.newEmail("stranger"));
        final AggregatedHttpResponse forbidden = edge.get(products, stranger);
        assertThat(forbidden.status()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(json(forbidden).get("reason").asText()).isEqualTo("MISSING_PERMISSION");
    }

    @Test
    void acceptLanguage_picksTheLanguage_unlessTheRequestNamesOne() {
        final Seller seller = catalog.seller("polyglot", "Jaipur", "en");
        final String unique = UUID.randomUUID().toString().substring(0, 8);
        final AggregatedHttpResponse created = edge.post("/v1/tenants/" + seller.tenantId() + "/products", """
                {"sku":"BND-%s","slug":"bandhani-%s","name":"Bandhani dupatta","status":"PRODUCT_STATUS_ACTIVE",
                 "price":{"amountMinor":"90000","currency":"INR"},"stock":"1",
                 "translations":[{"language":"hi","name":"बांधनी दुपट्टा"}]}""".formatted(unique, unique),
                                                         seller.token());
        assertThat(created.status()).as(created.contentUtf8()).isEqualTo(HttpStatus.OK);
        final String page = "/v1/storefronts/" + seller.tenantId() + "/products/bandhani-" + unique;

        final JsonNode hindi = json(getWithLanguage(page, "hi-IN,hi;q=0.9,en;q=0.8"));
        assertThat(hindi.get("name").asText()).isEqualTo("बांधनी दुपट्टा");
        assertThat(hindi.get("language").asText()).isEqualTo("hi");
        assertThat(json(getWithLanguage(page + "?language=en", "hi")).get("name").asText())
                .isEqualTo("Bandhani dupatta");
        assertThat(json(getWithLanguage(page, "*, en;q=0.1")).get("name").asText()).isEqualTo("Bandhani dupatta");
        assertThat(json(edge.get(page, null)).get("name").asText()).isEqualTo("Bandhani dupatta");

        // Writes keep the language the client chose (here none, so the account's stays the default).
        final String email = dev.tradeloom.tenant.TenantCoreTesting.newEmail("reader");
        final AggregatedHttpResponse registered = edge.http.execute(
                RequestHeaders.builder(HttpMethod.POST, "/v1/auth/register").contentType(MediaType.JSON_UTF_8)
                              .add("accept-language", "ta").build(),
                "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"displayName\":\"R\"}");
        assertThat(registered.status()).as(registered.contentUtf8()).isEqualTo(HttpStatus.OK);
        assertThat(json(registered).get("language").asText()).isEqualTo("en");
    }

    private static AggregatedHttpResponse getWithLanguage(String path, String acceptLanguage) {
        return edge.http.execute(RequestHeaders.builder(HttpMethod.GET, path).add("accept-language", acceptLanguage)
                                               .build());
    }

    private static AggregatedHttpResponse patch(String path, String json, String token) {
        return edge.http.execute(RequestHeaders.builder(HttpMethod.PATCH, path).contentType(MediaType.JSON_UTF_8)
                                               .add("authorization", "Bearer " + token).build(), json);
    }
}
