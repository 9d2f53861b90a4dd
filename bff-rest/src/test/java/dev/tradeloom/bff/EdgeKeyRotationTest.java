package dev.tradeloom.bff;

import static dev.tradeloom.bff.EdgeTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;

import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tenant.domain.KeyRotation;
import dev.tradeloom.tenant.domain.SigningKeys;

/**
 * Signing-key rotation seen through the edge: the successor is published before it signs, tokens
 * of the previous key keep working until they have all expired, then that key is retired. Time
 * passing is simulated by moving the keys' start times back in the database.
 */
class EdgeKeyRotationTest {
    private static EdgeTesting edge;

    @BeforeAll
    static void start() {
        edge = EdgeTesting.withoutRateLimits();
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    @Test
    void rotation_publishesFirst_keepsOldTokensValid_thenRetiresTheOldKey() {
        final KeyRotation rotation = edge.tenantCore.app.keyRotation();
        final String email = TenantCoreTesting.newEmail("rotate");
        final String tokenA = edge.tenantCore.signUp(email);
        final String kidA = kid(tokenA);

        // A fresh key is not due.
        assertThat(rotation.checkNow().added()).isZero();
        assertThat(jwksKids()).containsExactly(kidA);

        // 31 days later the check adds a successor, published at once but not signing yet.
        sql("update signing_keys set signs_from = now() - interval '31 days'");
        final SigningKeys.Rotation added = rotation.checkNow();
        assertThat(added.added()).isEqualTo(1);
        assertThat(added.signingKid()).isEqualTo(kidA);
        assertThat(jwksKids()).hasSize(2).contains(kidA);
        assertThat(kid(login(email))).isEqualTo(kidA);

        // Ten minutes on the successor signs; tokens of the previous key still work through the edge.
        sql("update signing_keys set signs_from = now() - interval '1 second' where kid <> '" + kidA + "'");
        assertThat(rotation.checkNow().retired()).isZero();
        final String tokenB = login(email);
        final String kidB = kid(tokenB);
        assertThat(kidB).isNotEqualTo(kidA);
        assertThat(me(tokenA).status()).isEqualTo(HttpStatus.OK);
        assertThat(me(tokenB).status()).isEqualTo(HttpStatus.OK);
        assertThat(jwksKids()).containsExactlyInAnyOrder(kidA, kidB);

        // Once every token of the previous key has expired, it is retired and its tokens fail.
        sql("update signing_keys set signs_from = now() - interval '17 minutes' where kid = '" + kidB + "'");
        assertThat(rotation.checkNow().retired()).isEqualTo(1);
        assertThat(jwksKids()).containsExactly(kidB);
        assertThat(me(tokenA).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(me(tokenB).status()).isEqualTo(HttpStatus.OK);
    }

    private static AggregatedHttpResponse me(String token) {
        return edge.get("/v1/users/me", token);
    }

    private static String login(String email) {
        final AggregatedHttpResponse response = edge.post(
                "/v1/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + TenantCoreTesting.PASSWORD + "\"}",
                null);
        assertThat(response.status()).isEqualTo(HttpStatus.OK);
        return json(response).get("tokens").get("accessToken").asText();
    }

    private static java.util.List<String> jwksKids() {
        final JsonNode keys = json(edge.get("/v1/auth/jwks", null)).get("keys");
        final java.util.List<String> kids = new java.util.ArrayList<>();
        keys.forEach(k -> kids.add(k.get("kid").asText()));
        return kids;
    }

    private static String kid(String jwt) {
        final String header = new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))),
                                         StandardCharsets.UTF_8);
        try {
            return EdgeTesting.JSON.readTree(header).get("kid").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(header, e);
        }
    }

    private static void sql(String update) {
        edge.tenantCore.db().jdbi().useHandle(h -> h.execute(update));
    }
}
