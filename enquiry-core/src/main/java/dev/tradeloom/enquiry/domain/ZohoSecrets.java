package dev.tradeloom.enquiry.domain;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The secret half of a Zoho connection, sealed together in one value. */
public record ZohoSecrets(String clientSecret, String refreshToken) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ZohoSecrets {
        requireNonNull(clientSecret, "clientSecret");
        requireNonNull(refreshToken, "refreshToken");
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ZohoSecrets fromJson(String json) {
        try {
            return JSON.readValue(json, ZohoSecrets.class);
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable sealed Zoho secrets", e);
        }
    }

    @Override
    public String toString() {
        return "ZohoSecrets[redacted]";
    }
}
