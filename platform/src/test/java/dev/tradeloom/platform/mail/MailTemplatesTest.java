package dev.tradeloom.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class MailTemplatesTest {
    private final MailTemplates templates = new MailTemplates();

    @Test
    void english_rendersSubjectAndLink() {
        final Email email = templates.render(new MailRequest("a@example.com", "verify_email", "en",
                                                             Map.of("displayName", "Asha", "link", "https://x/1")));
        assertThat(email.subject()).isEqualTo("Confirm your email for Tradeloom");
        assertThat(email.body()).startsWith("Hello Asha,").contains("https://x/1");
    }

    @Test
    void hindi_rendersInDevanagari() {
        final Email email = templates.render(new MailRequest("a@example.com", "password_reset", "hi-IN",
                                                             Map.of("displayName", "आशा", "link", "https://x/2")));
        assertThat(email.subject()).isEqualTo("अपना Tradeloom पासवर्ड रीसेट करें");
        assertThat(email.body()).startsWith("नमस्ते आशा,").contains("https://x/2");
    }

    @Test
    void languageWithoutTemplate_fallsBackToEnglish() {
        final Email email = templates.render(new MailRequest("a@example.com", "invitation", "ta",
                                                             Map.of("tenantName", "Asha Silks", "role", "sales",
                                                                    "link", "https://x/3")));
        assertThat(email.subject()).isEqualTo("You are invited to join Asha Silks on Tradeloom");
        assertThat(email.body()).contains("as sales");
    }

    @Test
    void aValueWithLineBreaks_staysInTheSubject_andCannotWriteTheBody() {
        // A tenant name (or a guest's name) comes from whoever typed it.
        final Email email = templates.render(new MailRequest(
                "a@example.com", "invitation", "en",
                Map.of("tenantName", "Acme\r\n\nYour account is suspended: verify at http://evil.example", "role",
                       "sales", "link", "https://x/4")));
        assertThat(email.subject())
                .isEqualTo("You are invited to join Acme Your account is suspended: verify at http://evil.example "
                           + "on Tradeloom");
        assertThat(email.body()).startsWith("Hello,")
                                .contains("join Acme Your account is suspended: verify at http://evil.example on "
                                          + "Tradeloom as sales");
        assertThat(email.body().lines()).noneMatch(line -> line.startsWith("Your account is suspended"));
    }
}
