package dev.tradeloom.bff;

import static dev.tradeloom.bff.EdgeTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpClient.Redirect;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;

import dev.tradeloom.catalog.CatalogCoreTesting;
import dev.tradeloom.catalog.CatalogCoreTesting.Seller;
import dev.tradeloom.catalog.v1.Image;
import dev.tradeloom.catalog.v1.ImageServiceGrpc.ImageServiceBlockingStub;
import dev.tradeloom.catalog.v1.UploadImageRequest;
import dev.tradeloom.platform.storage.TestImages;

/** Images uploaded through the edge (raw body and presigned PUT), attached to products, seen by buyers. */
class EdgeImageUploadTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(Redirect.NORMAL).build();

    private static EdgeTesting edge;
    private static Seller seller;
    private static String images;

    @BeforeAll
    static void start() {
        edge = EdgeTesting.withCatalog();
        seller = edge.catalogCore.seller("loom", "Kanchipuram", "en");
        images = "/v1/tenants/" + seller.tenantId() + "/images";
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    @Test
    void uploadedPng_attachedToAProduct_isInTheStorefrontWithAFetchableUrl() throws Exception {
        final AggregatedHttpResponse uploaded = edge.postBytes(images, TestImages.png(), MediaType.PNG,
                                                               seller.token());
        assertThat(uploaded.status()).as(uploaded.contentUtf8()).isEqualTo(HttpStatus.OK);
        final JsonNode image = json(uploaded);
        assertThat(image.get("contentType").asText()).isEqualTo("image/png");
        final String key = image.get("key").asText();
        assertThat(key).startsWith(seller.tenantId() + "/images/");

        final String unique = UUID.randomUUID().toString().substring(0, 8);
        final AggregatedHttpResponse created = edge.post("/v1/tenants/" + seller.tenantId() + "/products", """
                {"sku":"KNC-%s","slug":"kanchi-%s","name":"Kanchipuram silk","status":"PRODUCT_STATUS_ACTIVE",
                 "price":{"amountMinor":"900000","currency":"INR"},"stock":"2",
                 "images":[{"key":"%s","altText":"pallu"}]}""".formatted(unique, unique, key), seller.token());
        assertThat(created.status()).as(created.contentUtf8()).isEqualTo(HttpStatus.OK);

        final JsonNode shown = json(edge.get("/v1/storefronts/" + seller.tenantId() + "/products/"
                                             + json(created).get("id").asText(), null));
        final JsonNode shownImage = shown.get("images").get(0);
        assertThat(shownImage.get("altText").asText()).isEqualTo("pallu");
        assertThat(fetch(shownImage.get("url").asText())).isEqualTo(TestImages.png());
        final AggregatedHttpResponse link = edge.http.get(path(shownImage.get("url").asText()));
        assertThat(link.status()).isEqualTo(HttpStatus.FOUND);
        assertThat(link.headers().get(HttpHeaderNames.CACHE_CONTROL)).startsWith("public, max-age=");
        assertThat(edge.http.get(path(shownImage.get("url").asText()).replace(".png", ".jpg")).status())
                .as("no image recorded there").isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void uploadedJpeg_sentWithoutAnImageContentType_isSniffed() {
        final AggregatedHttpResponse uploaded = edge.postBytes(images, TestImages.jpeg(),
                                                               MediaType.OCTET_STREAM, seller.token());
        assertThat(uploaded.status()).as(uploaded.contentUtf8()).isEqualTo(HttpStatus.OK);
        assertThat(json(uploaded).get("contentType").asText()).isEqualTo("image/jpeg");
    }

    @Test
    void textFile_is400NamingTheProblem() {
        final AggregatedHttpResponse refused = edge.postBytes(
                images, "name,price\nsaree,5000\n".getBytes(StandardCharsets.UTF_8), MediaType.PNG,
                seller.token());
        assertThat(refused.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        final JsonNode body = json(refused);
        assertThat(body.get("code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(body.get("details").get("fieldViolations").get(0).get("description").asText())
                .contains("not an image");
    }

    @Test
    void fileOverTheEdgeLimit_is413Json() {
        final AggregatedHttpResponse refused = edge.postBytes(
                images, TestImages.pngOfSize(EdgeTesting.MAX_UPLOAD_BYTES + 1), MediaType.PNG, seller.token());
        assertThat(refused.status()).isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
        assertThat(json(refused).get("message").asText()).contains("too large");
    }

    @Test
    void fileOverTheImageLimit_butWithinTheEdgeLimit_is400FromCatalogCore() {
        final AggregatedHttpResponse refused = edge.postBytes(
                images, TestImages.pngOfSize(CatalogCoreTesting.MAX_IMAGE_BYTES + 1), MediaType.PNG,
                seller.token());
        assertThat(refused.status()).as(refused.contentUtf8()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(refused).get("details").get("fieldViolations").get(0).get("description").asText())
                .contains("at most " + CatalogCoreTesting.MAX_IMAGE_BYTES);
    }

    @Test
    void grpcUploadImage_ofAnImageAtTheImageLimit_passesTheEdgeThoughLargerThanItsRequestLimit() {
        final byte[] file = TestImages.pngOfSize(CatalogCoreTesting.MAX_IMAGE_BYTES);
        final ImageServiceBlockingStub stub = GrpcClients.builder(edge.uri())
                                                         .addHeader("authorization", "Bearer " + seller.token())
                                                         .build(ImageServiceBlockingStub.class);
        final Image image = stub.uploadImage(UploadImageRequest.newBuilder().setTenantId(seller.tenantId())
                                                               .setData(ByteString.copyFrom(file)).build());
        assertThat(image.getContentType()).isEqualTo("image/png");
        assertThat(image.getSizeBytes()).isEqualTo(file.length);
    }

    @Test
    void withoutAToken_is401() {
        final AggregatedHttpResponse refused = edge.postBytes(images, TestImages.png(), MediaType.PNG, null);
        assertThat(refused.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(json(refused).get("code").asText()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void presignedUpload_overRest_thenComplete() throws Exception {
        final AggregatedHttpResponse created = edge.post("/v1/tenants/" + seller.tenantId() + "/image-uploads",
                                                         "{\"contentType\":\"image/png\"}", seller.token());
        assertThat(created.status()).as(created.contentUtf8()).isEqualTo(HttpStatus.OK);
        final JsonNode upload = json(created);
        final int put = HTTP.send(HttpRequest.newBuilder(URI.create(upload.get("uploadUrl").asText()))
                                             .header("Content-Type", upload.get("contentType").asText())
                                             .PUT(HttpRequest.BodyPublishers.ofByteArray(TestImages.png()))
                                             .build(), BodyHandlers.discarding()).statusCode();
        assertThat(put).isEqualTo(200);

        final AggregatedHttpResponse completed = edge.post(
                "/v1/tenants/" + seller.tenantId() + "/image-uploads:complete",
                "{\"key\":\"" + upload.get("key").asText() + "\"}", seller.token());
        assertThat(completed.status()).as(completed.contentUtf8()).isEqualTo(HttpStatus.OK);
        assertThat(fetch(json(completed).get("url").asText())).isEqualTo(TestImages.png());
    }

    /** The image an image link names, asked of the edge (the links' public host) and followed to the store. */
    private static byte[] fetch(String link) throws Exception {
        final URI viaEdge = URI.create(edge.uri() + path(link));
        final var response = HTTP.send(HttpRequest.newBuilder(viaEdge).GET().build(), BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(link).isEqualTo(200);
        return response.body();
    }

    private static String path(String link) {
        assertThat(link).as("an image link on the public host")
                        .startsWith(CatalogCoreTesting.PUBLIC_BASE_URL + "/media/");
        return link.substring(CatalogCoreTesting.PUBLIC_BASE_URL.length());
    }
}
