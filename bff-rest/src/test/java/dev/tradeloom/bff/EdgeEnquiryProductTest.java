package dev.tradeloom.bff;

import static dev.tradeloom.bff.EdgeTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.FieldMask;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import dev.tradeloom.catalog.CatalogCoreTesting;
import dev.tradeloom.catalog.CatalogCoreTesting.Seller;
import dev.tradeloom.catalog.v1.CreateProductRequest;
import dev.tradeloom.catalog.v1.Money;
import dev.tradeloom.catalog.v1.Product;
import dev.tradeloom.catalog.v1.ProductServiceGrpc.ProductServiceBlockingStub;
import dev.tradeloom.catalog.v1.ProductStatus;
import dev.tradeloom.catalog.v1.UpdateProductRequest;
import dev.tradeloom.enquiry.EnquiryCoreTesting;
import dev.tradeloom.enquiry.domain.GuestLimits;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.tenant.TenantCoreTesting;

/** Enquiries about a product, through the edge to real enquiry-core and catalog-core. */
class EdgeEnquiryProductTest {
    private static TenantCoreTesting tenantCore;
    private static CatalogCoreTesting catalog;
    private static EnquiryCoreTesting enquiryCore;
    private static EdgeTesting edge;
    private static Seller seller;

    @BeforeAll
    static void start() {
        tenantCore = new TenantCoreTesting();
        catalog = new CatalogCoreTesting(tenantCore);
        enquiryCore = new EnquiryCoreTesting(tenantCore, catalog.uri(), new GuestLimits(50, 50));
        edge = EdgeTesting.withCatalogAndEnquiries(tenantCore, catalog, enquiryCore.uri());
        seller = catalog.seller("asked", "Surat", "en");
    }

    @AfterAll
    static void stop() {
        edge.close();
        enquiryCore.close();
        tenantCore.close();
    }

    @Test
    void anEnquiryAboutAProduct_keepsItsName_whichTheInboxAndTheSuppliersEmailShow() {
        final Seller mailed = catalog.seller("mailed", "Surat", "en");
        final String notify = TenantCoreTesting.newEmail("mailed-inbox");
        final AggregatedHttpResponse settings = edge.http.execute(
                RequestHeaders.builder(HttpMethod.PATCH, "/v1/tenants/" + mailed.tenantId() + "/notificationSettings")
                              .contentType(MediaType.JSON_UTF_8).add("authorization", "Bearer " + mailed.token())
                              .build(),
                "{\"notificationEmails\":[\"" + notify + "\"]}");
        assertThat(settings.status()).as(settings.contentUtf8()).isEqualTo(HttpStatus.OK);
        final Product saree = create(mailed, product("banarasi").setName("Banarasi silk saree"));
        final AggregatedHttpResponse sent = send(mailed, saree.getId(), "Is the red one available in 20 pieces?");
        assertThat(sent.status()).as(sent.contentUtf8()).isEqualTo(HttpStatus.OK);
        final JsonNode enquiry = json(sent);
        assertThat(enquiry.get("productId").asText()).isEqualTo(saree.getId());
        assertThat(enquiry.get("productName").asText()).isEqualTo("Banarasi silk saree");

        final JsonNode inbox = json(edge.get("/v1/tenants/" + mailed.tenantId() + "/enquiries/"
                                             + enquiry.get("id").asText(), mailed.token()));
        assertThat(inbox.get("productName").asText()).isEqualTo("Banarasi silk saree");

        Eventually.await(Duration.ofSeconds(20), "supplier email", () -> tenantCore.mail.count(notify) == 1);
        assertThat(tenantCore.mail.newest(notify)[1]).contains(
                "Product: Banarasi silk saree (http://localhost:8080/storefronts/" + mailed.tenantId()
                + "/products/" + saree.getId() + ")");
    }

    @Test
    void aSoldOutProduct_canBeAskedAbout() {
        final Product dupatta = create(product("dupatta").setName("Chanderi dupatta").setStock(0));
        final AggregatedHttpResponse sent = send(dupatta.getId(), "When will it be back in stock?");
        assertThat(sent.status()).as(sent.contentUtf8()).isEqualTo(HttpStatus.OK);
        assertThat(json(sent).get("productName").asText()).isEqualTo("Chanderi dupatta");
    }

    @Test
    void aProductBuyersCannotSee_isABadRequestNamingTheField_andNothingIsSent() {
        final Product draft = create(product("draft").setStatus(ProductStatus.PRODUCT_STATUS_DRAFT));
        final Seller other = catalog.seller("elsewhere", "Jaipur", "en");
        final Product othersProduct = create(other, product("others"));
        for (String productId : new String[] { UUID.randomUUID().toString(), draft.getId(), othersProduct.getId() }) {
            final String marker = "nothing-" + UUID.randomUUID();
            final AggregatedHttpResponse refused = send(productId, marker);
            assertThat(refused.status()).as(refused.contentUtf8()).isEqualTo(HttpStatus.BAD_REQUEST);
            final JsonNode error = json(refused);
            assertThat(error.get("details").toString()).contains("enquiry.product_id");
            assertThat(error.get("message").asText()).contains("no product " + productId);
            assertThat(edge.get("/v1/tenants/" + seller.tenantId() + "/enquiries?pageSize=100", seller.token())
                           .contentUtf8()).doesNotContain(marker);
        }
    }

    @Test
    void aRetriedRequest_afterItsProductWasWithdrawn_answersWithTheEnquiryTaken() {
        final Product shawl = create(product("shawl").setName("Pashmina shawl"));
        final String body = body(shawl.getId(), "Two dozen, please");
        final String path = "/v1/tenants/" + seller.tenantId() + "/enquiries?requestId=" + UUID.randomUUID();
        final AggregatedHttpResponse first = edge.post(path, body, null);
        assertThat(first.status()).as(first.contentUtf8()).isEqualTo(HttpStatus.OK);
        catalog.client(ProductServiceBlockingStub.class, seller.token()).updateProduct(
                UpdateProductRequest.newBuilder().setTenantId(seller.tenantId())
                                    .setProduct(shawl.toBuilder().setStatus(ProductStatus.PRODUCT_STATUS_ARCHIVED))
                                    .setUpdateMask(FieldMask.newBuilder().addPaths("status"))
                                    .build());

        final AggregatedHttpResponse retried = edge.post(path, body, null);
        assertThat(retried.status()).as(retried.contentUtf8()).isEqualTo(HttpStatus.OK);
        assertThat(json(retried).get("id").asText()).isEqualTo(json(first).get("id").asText());
        assertThat(send(shawl.getId(), "A new request").status()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    private static AggregatedHttpResponse send(String productId, String message) {
        return send(seller, productId, message);
    }

    private static AggregatedHttpResponse send(Seller to, String productId, String message) {
        return edge.post("/v1/tenants/" + to.tenantId() + "/enquiries", body(productId, message), null);
    }

    private static String body(String productId, String message) {
        return "{\"message\":\"" + message + "\",\"productId\":\"" + productId
               + "\",\"contact\":{\"name\":\"Ravi\",\"email\":\"" + TenantCoreTesting.newEmail("ravi") + "\"}}";
    }

    private static Product create(Product.Builder product) {
        return create(seller, product);
    }

    private static Product create(Seller owner, Product.Builder product) {
        return catalog.client(ProductServiceBlockingStub.class, owner.token()).createProduct(
                CreateProductRequest.newBuilder().setTenantId(owner.tenantId()).setProduct(product).build());
    }

    private static Product.Builder product(String prefix) {
        final String u = prefix + '-' + UUID.randomUUID().toString().substring(0, 8);
        return Product.newBuilder().setSku(u.toUpperCase(Locale.ROOT)).setSlug(u).setName(prefix + " saree")
                      .setPrice(Money.newBuilder().setAmountMinor(500_000).setCurrency("INR")).setStock(3)
                      .setStatus(ProductStatus.PRODUCT_STATUS_ACTIVE);
    }
}
