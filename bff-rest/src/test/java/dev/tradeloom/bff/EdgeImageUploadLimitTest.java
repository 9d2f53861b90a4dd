package dev.tradeloom.bff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;

import dev.tradeloom.api.v1.RateTier;
import dev.tradeloom.catalog.CatalogCoreTesting.Seller;
import dev.tradeloom.platform.storage.TestImages;

/** The upload route spends the caller's UPLOAD budget, not the GENERAL one. */
class EdgeImageUploadLimitTest {
    private static EdgeTesting edge;

    @BeforeAll
    static void start() {
        edge = EdgeTesting.withCatalog(Map.of(RateTier.RATE_TIER_AUTH, 1000, RateTier.RATE_TIER_GENERAL, 1000,
                                              RateTier.RATE_TIER_UPLOAD, 2, RateTier.RATE_TIER_PUBLIC, 1000));
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    @Test
    void thirdUploadInAMinute_is429WithRetryAfter_whileOtherCallsGoOn() {
        final Seller seller = edge.catalogCore.seller("limited", "Pune", "en");
        final String images = "/v1/tenants/" + seller.tenantId() + "/images";
        assertThat(upload(images, seller).status()).isEqualTo(HttpStatus.OK);
        assertThat(upload(images, seller).status()).isEqualTo(HttpStatus.OK);

        final AggregatedHttpResponse refused = upload(images, seller);
        assertThat(refused.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused.headers().get("retry-after")).isNotEmpty();
        assertThat(EdgeTesting.json(refused).get("reason").asText()).isEqualTo("RATE_LIMITED");
        // A presigned upload is in the same tier; listing products is not.
        assertThat(edge.post("/v1/tenants/" + seller.tenantId() + "/image-uploads",
                             "{\"contentType\":\"image/png\"}", seller.token()).status())
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(edge.get("/v1/tenants/" + seller.tenantId() + "/products", seller.token()).status())
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void uploadsWithoutATokenOrOverTheLimit_areRefusedBeforeTheirBodyIsRead() throws Exception {
        final Seller seller = edge.catalogCore.seller("unread", "Pune", "en");
        final String images = "/v1/tenants/" + seller.tenantId() + "/images";
        // The body's first bytes arrive and the rest never does: only a refusal that reads no body answers.
        assertThat(unfinishedUpload(images, null).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(upload(images, seller).status()).isEqualTo(HttpStatus.OK);
        assertThat(upload(images, seller).status()).isEqualTo(HttpStatus.OK);
        assertThat(unfinishedUpload(images, seller.token()).status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    private static AggregatedHttpResponse unfinishedUpload(String images, @Nullable String token) throws Exception {
        final RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST, images)
                                                            .contentType(MediaType.PNG);
        if (token != null) {
            headers.add("authorization", "Bearer " + token);
        }
        final HttpRequestWriter request = HttpRequest.streaming(headers.build());
        request.write(HttpData.wrap(Arrays.copyOf(TestImages.png(), 64)));
        try {
            return WebClient.of(edge.uri()).execute(request).aggregate().get(30, TimeUnit.SECONDS);
        } finally {
            request.abort();
        }
    }

    private static AggregatedHttpResponse upload(String images, Seller seller) {
        return edge.postBytes(images, TestImages.png(), MediaType.PNG, seller.token());
    }
}
