package dev.tradeloom.tenant;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jdbi.v3.core.Handle;

import dev.tradeloom.tenant.domain.AccountMail;
import dev.tradeloom.tenant.store.UserRow;

/** Keeps the tokens tenant-core would email, so tests can follow the links. */
public final class RecordingAccountMail implements AccountMail {
    public record Sent(String kind, String to, String token) {}

    public final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public void verifyEmail(Handle handle, UserRow user, String token) {
        sent.add(new Sent("verify", user.email(), token));
    }

    @Override
    public void passwordReset(Handle handle, UserRow user, String token) {
        sent.add(new Sent("reset", user.email(), token));
    }

    @Override
    public void invitation(Handle handle, String invitationId, String email, String language, String tenantName,
                           String role, String token) {
        sent.add(new Sent("invitation", email, token));
    }

    public String last(String kind, String to) {
        for (int i = sent.size() - 1; i >= 0; i--) {
            final Sent s = sent.get(i);
            if (s.kind().equals(kind) && s.to().equalsIgnoreCase(to)) {
                return s.token();
            }
        }
        throw new AssertionError("no " + kind + " mail to " + to + " in " + sent);
    }
}
