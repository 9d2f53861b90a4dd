package dev.tradeloom.platform.mail;

import dev.tradeloom.platform.config.Env;

/**
 * Outgoing mail.
 *
 * @param host          {@code SMTP_HOST}, default {@code localhost}
 * @param port          {@code SMTP_PORT}, default 1025
 * @param username      {@code SMTP_USERNAME}, empty for none
 * @param password      {@code SMTP_PASSWORD}
 * @param startTls      {@code SMTP_STARTTLS}, default false
 * @param from          {@code MAIL_FROM}, default {@code Tradeloom <no-reply@tradeloom.local>}
 * @param publicBaseUrl {@code PUBLIC_BASE_URL}, where links in emails point, default {@code http://localhost:8080}
 */
public record MailConfig(String host, int port, String username, String password, boolean startTls, String from,
                         String publicBaseUrl) {

    public static MailConfig fromEnv(Env env) {
        final String base = env.string("PUBLIC_BASE_URL", "http://localhost:8080");
        return new MailConfig(env.string("SMTP_HOST", "localhost"),
                              env.integer("SMTP_PORT", 1025, 1, 65535),
                              env.string("SMTP_USERNAME", ""),
                              env.string("SMTP_PASSWORD", ""),
                              env.bool("SMTP_STARTTLS", false),
                              env.string("MAIL_FROM", "Tradeloom <no-reply@tradeloom.local>"),
                              base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    }

    @Override
    public String toString() {
        return "MailConfig[host=" + host + ", port=" + port + ", username=" + username + ", startTls=" + startTls
               + ", from=" + from + ", publicBaseUrl=" + publicBaseUrl + ']';
    }
}
