package dev.tradeloom.enquiry;

import static java.util.Objects.requireNonNull;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.enquiry.api.CrmServiceImpl;
import dev.tradeloom.enquiry.api.EnquiryServiceImpl;
import dev.tradeloom.enquiry.api.NotificationSettingsServiceImpl;
import dev.tradeloom.enquiry.domain.CrmOutbox;
import dev.tradeloom.enquiry.domain.Enquiries;
import dev.tradeloom.enquiry.domain.EnquiryMail;
import dev.tradeloom.enquiry.domain.GuestCounterKeys;
import dev.tradeloom.enquiry.domain.SupplierSettings;
import dev.tradeloom.enquiry.domain.Suppliers;
import dev.tradeloom.enquiry.domain.ZohoConnections;
import dev.tradeloom.enquiry.store.CrmConnectionDao;
import dev.tradeloom.enquiry.store.EnquiryDao;
import dev.tradeloom.enquiry.store.GuestCountDao;
import dev.tradeloom.enquiry.store.NoteDao;
import dev.tradeloom.enquiry.store.SettingsDao;
import dev.tradeloom.enquiry.store.SupplierDao;
import dev.tradeloom.enquiry.upstream.CatalogCoreProducts;
import dev.tradeloom.enquiry.upstream.SupplierCatchUp;
import dev.tradeloom.enquiry.upstream.SupplierFeed;
import dev.tradeloom.enquiry.upstream.TenantCoreAccounts;
import dev.tradeloom.enquiry.upstream.TenantCoreTeams;
import dev.tradeloom.enquiry.upstream.ZohoPusher;
import dev.tradeloom.platform.auth.TokenVerifier;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.db.SqlObjects;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.feed.TenantFeed;
import dev.tradeloom.platform.queue.Deliveries;
import dev.tradeloom.platform.queue.JobHandler;
import dev.tradeloom.platform.queue.JobQueue;
import dev.tradeloom.platform.server.CoreServer;

/** enquiry-core's wiring, shared by {@link EnquiryCoreMain}, the launcher and the tests. */
public final class EnquiryCore {
    private static final Logger logger = LoggerFactory.getLogger(EnquiryCore.class);

    private EnquiryCore() {}

    /**
     * Adds enquiry-core's services, token verification and readiness to {@code server}; {@code suppliers}
     * is the feed that keeps the supplier read-model, and {@code clock} times the pulls enquiries force.
     */
    public static CoreServer configure(CoreServer server, Database db, EnquiryCoreConfig config,
                                       TenantFeed suppliers, Clock clock) {
        requireNonNull(server, "server");
        requireNonNull(db, "db");
        requireNonNull(config, "config");
        requireNonNull(suppliers, "suppliers");
        requireNonNull(clock, "clock");
        SqlObjects.prepare(db.jdbi(), CrmConnectionDao.class, EnquiryDao.class,
                           GuestCountDao.class, NoteDao.class, SettingsDao.class, SupplierDao.class);
        final Transactor tx = db.transactor();
        final JobQueue queue = new JobQueue(db.jdbi(), db.schema());
        if (config.crm().secrets() == null) {
            logger.warn("CRM_SECRET_KEY is not set: guests are counted under a random key of this process, "
                        + "so their daily limits start again when it restarts and each replica counts alone");
        }
        final SupplierCatchUp catchUp = new SupplierCatchUp(suppliers, config.supplierCatchUpEvery(), clock);
        final Enquiries enquiries = new Enquiries(tx, catchUp,
                                                  new TenantCoreTeams(config.tenantCoreUrl()),
                                                  new TenantCoreAccounts(config.tenantCoreUrl()),
                                                  new CatalogCoreProducts(config.catalogCoreUrl()),
                                                  config.guestLimits(),
                                                  GuestCounterKeys.of(config.crm().secrets()),
                                                  new EnquiryMail(config.mail().publicBaseUrl()), queue);
        return server.port(config.port())
                     .service(new EnquiryServiceImpl(enquiries))
                     .service(new NotificationSettingsServiceImpl(new SupplierSettings(tx)))
                     .service(new CrmServiceImpl(new ZohoConnections(tx, queue, config.crm().secrets()),
                                                 new Deliveries(queue)))
                     .tokenVerifier(TokenVerifier.fromJwksUrl(config.jwksUrl()))
                     .readiness(db::isHealthy);
    }

    /** Follows tenant-core's tenant changes into enquiry-core's supplier read-model. */
    public static TenantFeed followSuppliers(Database db, EnquiryCoreConfig config) {
        requireNonNull(db, "db");
        requireNonNull(config, "config");
        return TenantFeed.start(config.tenantCoreUrl(), new SupplierFeed(new Suppliers(db.transactor())),
                                config.supplierSyncEvery(), "enquiry-supplier-feed");
    }

    /** The handler of the {@link CrmOutbox#QUEUE} queue: pushes enquiries to tenants' Zoho CRM. */
    public static JobHandler crmPusher(Database db, EnquiryCoreConfig config) {
        requireNonNull(db, "db");
        requireNonNull(config, "config");
        final JobQueue queue = new JobQueue(db.jdbi(), db.schema());
        return new ZohoPusher(db.transactor(), queue, new ZohoConnections(db.transactor(), queue,
                                                                          config.crm().secrets()),
                              config.crm().zohoAccountsUrl(), config.jobs());
    }
}
