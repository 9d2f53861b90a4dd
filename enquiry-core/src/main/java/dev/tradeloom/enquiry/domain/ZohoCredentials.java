package dev.tradeloom.enquiry.domain;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What reaches a tenant's Zoho CRM, sealed together in one value: the client id and secret, the refresh token
 * and the data centre (whose accounts server refreshes the token and whose API servers take the leads).
 */
public record ZohoCredentials(String clientId, ZohoDataCentre dataCentre, String clientSecret,
                              String refreshToken) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ZohoCredentials {
        requireNonNull(clientId, "clientId");
        requireNonNull(dataCentre, "dataCentre");
        requireNonNull(clientSecret, "clientSecret");
        requireNonNull(refreshToken, "refreshToken");
    }

    String toJson() {
        final Map<String, String> json = new LinkedHashMap<>();
        json.put("clientId", clientId);
        json.put("dataCentre", dataCentre.code());
        json.put("clientSecret", clientSecret);
        json.put("refreshToken", refreshToken);
        try {
            return JSON.writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The credentials sealed as {@code json}. An earlier version sealed only the client secret and refresh
     * token, and kept the client id and data centre in plaintext columns: for such a value, those are
     * {@code clientIdPlaintext} and {@code dataCentrePlaintext}.
     */
    static ZohoCredentials fromJson(String json, @Nullable String clientIdPlaintext,
                                    @Nullable String dataCentrePlaintext) {
        final JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable sealed Zoho credentials", e);
        }
        final String clientId = text(node, "clientId", clientIdPlaintext);
        final String dataCentre = text(node, "dataCentre", dataCentrePlaintext);
        final String clientSecret = text(node, "clientSecret", null);
        final String refreshToken = text(node, "refreshToken", null);
        if (clientId == null || dataCentre == null || clientSecret == null || refreshToken == null) {
            throw new IllegalStateException("Incomplete sealed Zoho credentials (expected: clientId, "
                                            + "dataCentre, clientSecret and refreshToken, sealed or in "
                                            + "plaintext columns)");
        }
        return new ZohoCredentials(clientId, ZohoDataCentre.fromCode(dataCentre), clientSecret, refreshToken);
    }

    private static @Nullable String text(JsonNode node, String field, @Nullable String otherwise) {
        final JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : otherwise;
    }

    @Override
    public String toString() {
        return "ZohoCredentials[dataCentre=" + dataCentre.code() + ", redacted]";
    }
}
