package dev.tradeloom.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * An S3 endpoint that answers every request with 200, for benchmarks that read and write no image:
 * catalog-core opens its image bucket at start, and needs nothing more of the store to serve them.
 */
final class AnyS3 implements AutoCloseable {
    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    private AnyS3() {}

    static AnyS3 start() {
        final AnyS3 s3 = new AnyS3();
        s3.server.start();
        s3.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        return s3;
    }

    /** The configuration that points catalog-core at this endpoint. */
    Map<String, String> env() {
        return Map.of("S3_ENDPOINT", server.baseUrl(), "S3_ACCESS_KEY", "bench", "S3_SECRET_KEY", "bench");
    }

    @Override
    public void close() {
        server.stop();
    }
}
