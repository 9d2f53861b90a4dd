package dev.tradeloom.platform.mail;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** An email to render from {@code template} in {@code language} with {@code variables}. */
public record MailRequest(String to, String template, String language, Map<String, String> variables) {
    public MailRequest {
        requireNonNull(to, "to");
        requireNonNull(template, "template");
        requireNonNull(language, "language");
        variables = Map.copyOf(variables);
    }
}
