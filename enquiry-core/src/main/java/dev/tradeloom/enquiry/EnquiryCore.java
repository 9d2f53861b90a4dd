package dev.tradeloom.enquiry;

import static java.util.Objects.requireNonNull;

import dev.tradeloom.enquiry.api.EnquiryServiceImpl;
import dev.tradeloom.enquiry.api.NotificationSettingsServiceImpl;
import dev.tradeloom.enquiry.domain.Enquiries;
import dev.tradeloom.enquiry.domain.EnquiryMail;
import dev.tradeloom.enquiry.domain.SupplierSettings;
import dev.tradeloom.enquiry.upstream.TenantCoreSuppliers;
import dev.tradeloom.platform.auth.TokenVerifier;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.mail.MailOutbox;
import dev.tradeloom.platform.server.CoreServer;

/** enquiry-core's wiring, shared by {@link EnquiryCoreMain}, the launcher and the tests. */
public final class EnquiryCore {
    private EnquiryCore() {}

    /** Adds enquiry-core's services, token verification and readiness to {@code server}. */
    public static CoreServer configure(CoreServer server, Database db, EnquiryCoreConfig config, MailOutbox outbox) {
        requireNonNull(server, "server");
        requireNonNull(db, "db");
        requireNonNull(config, "config");
        requireNonNull(outbox, "outbox");
        final Transactor tx = db.transactor();
        final Enquiries enquiries = new Enquiries(tx, new TenantCoreSuppliers(config.tenantCoreUrl()),
                                                  config.guestLimits(),
                                                  new EnquiryMail(outbox, config.mail().publicBaseUrl()));
        return server.port(config.port())
                     .service(new EnquiryServiceImpl(enquiries))
                     .service(new NotificationSettingsServiceImpl(new SupplierSettings(tx)))
                     .tokenVerifier(TokenVerifier.fromJwksUrl(config.jwksUrl()))
                     .readiness(db::isHealthy);
    }
}
