package dev.tradeloom.platform.mail;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * An email to render from {@code template} in {@code language} with {@code variables}, to one address or
 * several separated by commas (all in one message).
 */
public record MailRequest(String to, String template, String language, Map<String, String> variables) {
    public MailRequest {
        requireNonNull(to, "to");
        requireNonNull(template, "template");
        requireNonNull(language, "language");
        variables = Map.copyOf(variables);
    }
}
