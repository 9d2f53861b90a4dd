package dev.tradeloom.tenant.domain;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Set;

import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.tenant.store.UserDao;
import dev.tradeloom.tenant.store.UserRow;

/**
 * Who is a platform operator: an account whose verified email address {@code PLATFORM_ADMIN_EMAILS} lists.
 * The setting is the only source: each start makes the accounts' flags agree with it, so an address taken
 * off the list is no operator after the next start, and one who registers a listed address becomes an
 * operator only by proving it is theirs.
 */
public final class PlatformAdmins {
    private static final Logger logger = LoggerFactory.getLogger(PlatformAdmins.class);

    private record Synced(int changed, int operators) {}

    private final Set<String> emails;

    /** {@code emails} in lower case, as {@code TenantCoreConfig} holds them. */
    public PlatformAdmins(Set<String> emails) {
        this.emails = Set.copyOf(requireNonNull(emails, "emails"));
    }

    /** Grants the flag to every verified listed account and takes it from every other; at start. */
    public void syncAll(Transactor tx) {
        requireNonNull(tx, "tx");
        final Synced synced = tx.inSystem(h -> {
            final UserDao users = h.attach(UserDao.class);
            final int changed = users.syncPlatformAdmins(emails.toArray(String[]::new));
            return new Synced(changed, users.countPlatformAdmins());
        });
        logger.info("Platform operators: {} ({} accounts changed; {} addresses listed)", synced.operators(),
                    synced.changed(), emails.size());
    }

    /** In the transaction that verified {@code user}'s address: a listed address makes it an operator. */
    void verified(Handle handle, UserRow user) {
        if (!user.platformAdmin() && emails.contains(user.email().toLowerCase(Locale.ROOT))) {
            handle.attach(UserDao.class).setPlatformAdmin(user.id(), true);
        }
    }
}
