package dev.tradeloom.tenant.domain;

import static java.util.Objects.requireNonNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;

import org.jdbi.v3.core.Handle;

import dev.tradeloom.platform.mail.MailOutbox;
import dev.tradeloom.platform.mail.MailRequest;
import dev.tradeloom.tenant.store.UserRow;

/**
 * Account emails through the outbox. Links point at {@code PUBLIC_BASE_URL}: the verification
 * link is the API route itself (it works when clicked); reset and invitation links are pages of
 * the web client, which post the token to the API.
 */
public final class OutboxAccountMail implements AccountMail {
    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                                                                    .withZone(ZoneOffset.UTC);

    private final MailOutbox outbox;
    private final String baseUrl;

    public OutboxAccountMail(MailOutbox outbox, String publicBaseUrl) {
        this.outbox = requireNonNull(outbox, "outbox");
        baseUrl = requireNonNull(publicBaseUrl, "publicBaseUrl");
    }

    @Override
    public void verifyEmail(Handle handle, UserRow user, String token) {
        outbox.enqueue(handle, "verify_email:" + digestHex(token),
                       new MailRequest(user.email(), "verify_email", user.language(),
                                       Map.of("displayName", user.displayName(),
                                              "link", link("/v1/auth/verify-email", token))));
    }

    @Override
    public void passwordReset(Handle handle, UserRow user, String token) {
        outbox.enqueue(handle, "password_reset:" + digestHex(token),
                       new MailRequest(user.email(), "password_reset", user.language(),
                                       Map.of("displayName", user.displayName(),
                                              "link", link("/reset-password", token))));
    }

    @Override
    public void signInLocked(Handle handle, UserRow user, int failures, Instant until) {
        final Instant shown = until.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        outbox.enqueue(handle, "sign_in_locked:" + user.id() + ':' + until.toEpochMilli(),
                       new MailRequest(user.email(), "sign_in_locked", user.language(),
                                       Map.of("displayName", user.displayName(),
                                              "failures", String.valueOf(failures),
                                              "until", UNTIL.format(shown))));
    }

    @Override
    public void invitation(Handle handle, String invitationId, String email, String language, String tenantName,
                           String role, String token) {
        outbox.enqueue(handle, "invitation:" + invitationId,
                       new MailRequest(email, "invitation", language,
                                       Map.of("tenantName", tenantName, "role", role,
                                              "link", link("/invitations/accept", token))));
    }

    private String link(String path, String token) {
        return baseUrl + path + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /** De-duplication keys name a token by its digest, never by the token. */
    private static String digestHex(String token) {
        return HexFormat.of().formatHex(SecretTokens.digest(token));
    }
}
