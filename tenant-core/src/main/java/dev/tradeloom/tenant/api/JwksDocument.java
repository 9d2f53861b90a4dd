package dev.tradeloom.tenant.api;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.tradeloom.tenant.domain.SigningKeys;

/** {@code GET /.well-known/jwks.json}: the public keys other services verify access tokens with. */
public final class JwksDocument implements HttpService {
    private static final MediaType JWK_SET = MediaType.parse("application/jwk-set+json");

    private final SigningKeys keys;

    public JwksDocument(SigningKeys keys) {
        this.keys = requireNonNull(keys, "keys");
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK)
                                              .contentType(JWK_SET)
                                              .set("cache-control", "public, max-age=300")
                                              .build(),
                               HttpData.ofUtf8(keys.publicKeys().toString()));
    }
}
