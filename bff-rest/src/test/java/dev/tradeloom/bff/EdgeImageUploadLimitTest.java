package dev.tradeloom.bff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;

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

    private static AggregatedHttpResponse upload(String images, Seller seller) {
        return edge.postBytes(images, TestImages.png(), MediaType.PNG, seller.token());
    }
}
