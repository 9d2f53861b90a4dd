package dev.tradeloom.enquiry.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import dev.tradeloom.enquiry.store.SettingsDao;
import dev.tradeloom.enquiry.store.SettingsRow;
import dev.tradeloom.platform.api.Etags;
import dev.tradeloom.platform.db.Transactor;

/** A supplier's notification settings; a tenant that never saved any has no addresses and English. */
public final class SupplierSettings {
    private final Transactor tx;

    public SupplierSettings(Transactor tx) {
        this.tx = requireNonNull(tx, "tx");
    }

    /** The defaults of a tenant without saved settings: version 0, which has no etag. */
    public static SettingsRow defaults(UUID tenantId) {
        return new SettingsRow(tenantId, List.of(), NotificationLanguage.EN.code(), 0, Instant.EPOCH);
    }

    public SettingsRow get(UUID tenantId) {
        return tx.inTenant(tenantId, h -> h.attach(SettingsDao.class).find(tenantId))
                 .orElseGet(() -> defaults(tenantId));
    }

    /** Applies {@code change} to the current settings if {@code etag} (when given) is still current. */
    public SettingsRow update(UUID tenantId, String etag, UnaryOperator<SettingsRow> change) {
        return tx.inTenant(tenantId, h -> {
            final SettingsDao settings = h.attach(SettingsDao.class);
            final SettingsRow current = settings.find(tenantId).orElseGet(() -> defaults(tenantId));
            if (current.version() > 0) {
                Etags.check(etag, current.version(), "The notification settings");
            }
            final SettingsRow changed = change.apply(current);
            final String[] emails = distinct(changed.notificationEmails());
            final String language = NotificationLanguage.fromCode(changed.language()).code();
            final boolean saved = current.version() == 0 ? settings.insert(tenantId, emails, language)
                                                         : settings.update(tenantId, emails, language,
                                                                           current.version());
            if (!saved) {
                throw Etags.stale("The notification settings");
            }
            return settings.find(tenantId).orElseThrow();
        });
    }

    /** Addresses trimmed, without case-insensitive repeats, in the order given. */
    private static String[] distinct(List<String> emails) {
        final Set<String> seen = new LinkedHashSet<>();
        return emails.stream().map(String::trim)
                     .filter(e -> !e.isEmpty() && seen.add(e.toLowerCase(Locale.ROOT)))
                     .toArray(String[]::new);
    }
}
