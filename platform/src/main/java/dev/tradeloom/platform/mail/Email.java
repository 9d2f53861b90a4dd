package dev.tradeloom.platform.mail;

import static java.util.Objects.requireNonNull;

/** A rendered plain-text email, to one address or several separated by commas. */
public record Email(String to, String subject, String body) {
    public Email {
        requireNonNull(to, "to");
        requireNonNull(subject, "subject");
        requireNonNull(body, "body");
    }
}
