package dev.tradeloom.enquiry.store;

import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The acting tenant's notification settings. */
public interface SettingsDao {
    @SqlQuery("""
            select tenant_id, notification_emails, language, version, updated_at
              from notification_settings where tenant_id = :tenantId""")
    Optional<SettingsRow> find(@Bind("tenantId") UUID tenantId);

    /** Saves the first settings of a tenant; false when some exist already. */
    @SqlUpdate("""
            insert into notification_settings (tenant_id, notification_emails, language)
            values (:tenantId, :emails, :language)
            on conflict (tenant_id) do nothing""")
    boolean insert(@Bind("tenantId") UUID tenantId, @Bind("emails") String[] emails,
                   @Bind("language") String language);

    @SqlUpdate("""
            update notification_settings
               set notification_emails = :emails, language = :language, version = version + 1,
                   updated_at = now()
             where tenant_id = :tenantId and version = :expectedVersion""")
    boolean update(@Bind("tenantId") UUID tenantId, @Bind("emails") String[] emails,
                   @Bind("language") String language, @Bind("expectedVersion") long expectedVersion);
}
