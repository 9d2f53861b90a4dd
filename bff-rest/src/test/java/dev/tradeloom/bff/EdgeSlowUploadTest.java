package dev.tradeloom.bff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import dev.tradeloom.catalog.CatalogCoreTesting.Seller;
import dev.tradeloom.catalog.v1.Image;
import dev.tradeloom.catalog.v1.ImageServiceGrpc;
import dev.tradeloom.catalog.v1.UploadImageRequest;
import dev.tradeloom.platform.storage.TestImages;

/**
 * An image upload over a slow link takes longer to arrive than the edge's request timeout, which bounds the
 * wait for a core service, not the time a file takes to travel from a phone.
 */
class EdgeSlowUploadTest {
    /**
     * Short, for the upload to outlive it soon; but it also bounds catalog-core's work once the file is in,
     * whose first upload (cold image and storage code, a new connection) took near a second on a busy 2-core
     * machine.
     */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static EdgeTesting edge;

    @BeforeAll
    static void start() {
        edge = EdgeTesting.withCatalog(REQUEST_TIMEOUT);
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    @Test
    void uploadArrivingSlowerThanTheRequestTimeout_isStored() throws Exception {
        final Seller seller = edge.catalogCore.seller("slowlink", "Surat", "en");
        final byte[] png = TestImages.png();
        final HttpRequestWriter request = HttpRequest.streaming(
                RequestHeaders.builder(HttpMethod.POST, "/v1/tenants/" + seller.tenantId() + "/images")
                              .contentType(MediaType.PNG).add("authorization", "Bearer " + seller.token())
                              .build());
        final CompletableFuture<AggregatedHttpResponse> response =
                WebClient.of(edge.uri()).execute(request).aggregate();
        // The file arrives in three parts over twice the request timeout.
        final int third = png.length / 3;
        request.tryWrite(HttpData.wrap(Arrays.copyOfRange(png, 0, third)));
        Thread.sleep(REQUEST_TIMEOUT.toMillis());
        request.tryWrite(HttpData.wrap(Arrays.copyOfRange(png, third, 2 * third)));
        Thread.sleep(REQUEST_TIMEOUT.toMillis());
        request.tryWrite(HttpData.wrap(Arrays.copyOfRange(png, 2 * third, png.length)));
        request.close();

        final AggregatedHttpResponse uploaded = response.get(30, TimeUnit.SECONDS);
        assertThat(uploaded.status()).as(uploaded.contentUtf8()).isEqualTo(HttpStatus.OK);
        assertThat(EdgeTesting.json(uploaded).get("key").asText()).isNotEmpty();
    }

    @Test
    void grpcUploadArrivingSlowerThanTheRequestTimeout_isStored_withoutAClientDeadline() throws Exception {
        final Seller seller = edge.catalogCore.seller("slowgrpc", "Surat", "en");
        final byte[] message = UploadImageRequest.newBuilder().setTenantId(seller.tenantId())
                                                 .setData(ByteString.copyFrom(TestImages.png())).build()
                                                 .toByteArray();
        // One gRPC message: uncompressed, its length, its bytes.
        final byte[] framed = ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length)
                                        .put(message).array();
        // Like a grpc-java client without a deadline: no grpc-timeout header.
        final HttpRequestWriter request = HttpRequest.streaming(
                RequestHeaders.builder(HttpMethod.POST, "/" + ImageServiceGrpc.getUploadImageMethod()
                                                                             .getFullMethodName())
                              .contentType(MediaType.parse("application/grpc+proto")).add("te", "trailers")
                              .add("authorization", "Bearer " + seller.token()).build());
        final CompletableFuture<AggregatedHttpResponse> response =
                WebClient.of(edge.uri()).execute(request).aggregate();
        final int third = framed.length / 3;
        request.tryWrite(HttpData.wrap(Arrays.copyOfRange(framed, 0, third)));
        Thread.sleep(REQUEST_TIMEOUT.toMillis());
        request.tryWrite(HttpData.wrap(Arrays.copyOfRange(framed, third, 2 * third)));
        Thread.sleep(REQUEST_TIMEOUT.toMillis());
        request.tryWrite(HttpData.wrap(Arrays.copyOfRange(framed, 2 * third, framed.length)));
        request.close();

        final AggregatedHttpResponse uploaded = response.get(30, TimeUnit.SECONDS);
        final String grpcStatus = uploaded.trailers().contains("grpc-status")
                                  ? uploaded.trailers().get("grpc-status")
                                  : uploaded.headers().get("grpc-status");
        assertThat(grpcStatus).as("%s %s", uploaded.headers(), uploaded.trailers()).isEqualTo("0");
        final byte[] body = uploaded.content().array();
        assertThat(Image.parseFrom(Arrays.copyOfRange(body, 5, body.length)).getKey()).isNotEmpty();
    }
}
