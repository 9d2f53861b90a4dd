package dev.tradeloom.bff;

import static dev.tradeloom.bff.EdgeTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.Cookie;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

class BrowserSessionsTest {
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
    void login_setsHttpOnlyStrictCookie_refreshRotatesIt_logoutClearsIt() {
        final String email = "browser-" + UUID.randomUUID() + "@example.com";
        edge.post("/v1/auth/register", "{\"email\":\"" + email + "\",\"password\":\"handloom cotton\","
                                       + "\"displayName\":\"Ravi\"}", null);

        final AggregatedHttpResponse login = edge.post(
                "/v1/browser/login", "{\"email\":\"" + email + "\",\"password\":\"handloom cotton\"}", null);
        assertThat(login.status()).isEqualTo(HttpStatus.OK);
        assertThat(json(login).get("accessToken").asText()).isNotEmpty();
        assertThat(login.contentUtf8()).doesNotContain("refreshToken");
        final Cookie first = cookie(login);
        assertThat(first.isHttpOnly()).isTrue();
        assertThat(first.isSecure()).isTrue();
        assertThat(first.sameSite()).isEqualTo("Strict");
        assertThat(first.path()).isEqualTo("/v1/browser");

        final AggregatedHttpResponse refreshed = withCookie("/v1/browser/refresh", first.value());
        assertThat(refreshed.status()).isEqualTo(HttpStatus.OK);
        final Cookie second = cookie(refreshed);
        assertThat(second.value()).isNotEqualTo(first.value());
        assertThat(edge.get("/v1/users/me", json(refreshed).get("accessToken").asText()).status())
                .isEqualTo(HttpStatus.OK);

        final AggregatedHttpResponse loggedOut = withCookie("/v1/browser/logout", second.value());
        assertThat(loggedOut.status()).isEqualTo(HttpStatus.OK);
        assertThat(cookie(loggedOut).maxAge()).isZero();
        assertThat(withCookie("/v1/browser/refresh", second.value()).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void refresh_withoutCookie_is401_andWrongPassword_is401() {
        assertThat(edge.post("/v1/browser/refresh", "", null).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        final AggregatedHttpResponse wrong = edge.post(
                "/v1/browser/login", "{\"email\":\"nobody@example.com\",\"password\":\"whatever it is\"}", null);
        assertThat(wrong.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(json(wrong).get("reason").asText()).isEqualTo("INVALID_CREDENTIALS");
        final AggregatedHttpResponse missing = edge.post("/v1/browser/login", "{\"email\":\"x@example.com\"}", null);
        assertThat(missing.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(missing).get("message").asText()).contains("password");
    }

    @Test
    void aCookieThatIsNoRefreshToken_isClearedByLogout_andRefreshAsksToSignIn() {
        // Longer than any refresh token: tenant-core refuses it as input, it names no session.
        final String garbage = "x".repeat(300);

        final AggregatedHttpResponse loggedOut = withCookie("/v1/browser/logout", garbage);
        assertThat(loggedOut.status()).as(loggedOut.contentUtf8()).isEqualTo(HttpStatus.OK);
        assertThat(cookie(loggedOut).value()).isEmpty();
        assertThat(cookie(loggedOut).maxAge()).isZero();

        final AggregatedHttpResponse refreshed = withCookie("/v1/browser/refresh", garbage);
        assertThat(refreshed.status()).as(refreshed.contentUtf8()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(json(refreshed).get("reason").asText()).isEqualTo("SIGN_IN_REQUIRED");
        assertThat(cookie(refreshed).maxAge()).isZero();
    }

    @Test
    void login_withABodyThatIsNoJsonObject_saysWhatIsWrongWithIt() {
        final AggregatedHttpResponse malformed = edge.http.execute(
                RequestHeaders.builder(HttpMethod.POST, "/v1/browser/login").contentType(MediaType.JSON_UTF_8)
                              .build(), "{\"email\": \"ravi@example.com\",");
        assertThat(malformed.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(malformed).get("message").asText()).contains("not valid JSON");

        final AggregatedHttpResponse form = edge.http.execute(
                RequestHeaders.builder(HttpMethod.POST, "/v1/browser/login").contentType(MediaType.FORM_DATA)
                              .build(), "email=ravi%40example.com&password=handloom+cotton");
        assertThat(form.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(json(form).get("message").asText()).contains("application/json");

        final AggregatedHttpResponse second = edge.http.execute(
                RequestHeaders.builder(HttpMethod.POST, "/v1/browser/login/second-factor")
                              .contentType(MediaType.JSON_UTF_8).build(), "[\"123456\"]");
        assertThat(second.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json(second).get("message").asText()).contains("JSON object");
    }

    private static AggregatedHttpResponse withCookie(String path, String value) {
        return edge.http.execute(RequestHeaders.builder(HttpMethod.POST, path)
                                               .contentType(MediaType.JSON_UTF_8)
                                               .add("cookie", BrowserSessions.COOKIE + '=' + value)
                                               .build(), "{}");
    }

    private static Cookie cookie(AggregatedHttpResponse response) {
        return response.headers().cookies().stream()
                       .filter(c -> BrowserSessions.COOKIE.equals(c.name())).findFirst()
                       .orElseThrow(() -> new AssertionError("no cookie in " + response.headers()));
    }
}
