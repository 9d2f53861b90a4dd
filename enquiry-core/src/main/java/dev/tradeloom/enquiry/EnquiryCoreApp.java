package dev.tradeloom.enquiry;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Map;

import com.linecorp.armeria.server.Server;

import dev.tradeloom.enquiry.domain.CrmOutbox;
import dev.tradeloom.enquiry.domain.ZohoCredentialSealer;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.feed.TenantFeed;
import dev.tradeloom.platform.mail.MailOutbox;
import dev.tradeloom.platform.mail.MailTemplates;
import dev.tradeloom.platform.mail.Mailer;
import dev.tradeloom.platform.queue.JobHandler;
import dev.tradeloom.platform.queue.JobQueue;
import dev.tradeloom.platform.queue.QueueWorker;
import dev.tradeloom.platform.server.CoreServer;

/** A running enquiry-core: its database, its server and the worker that delivers its outbox. */
public final class EnquiryCoreApp implements AutoCloseable {
    private final Database db;
    private final Server server;
    private final QueueWorker worker;
    private final TenantFeed suppliers;
    private final Mailer mailer;

    private EnquiryCoreApp(Database db, Server server, QueueWorker worker, TenantFeed suppliers,
                           Mailer mailer) {
        this.db = db;
        this.server = server;
        this.worker = worker;
        this.suppliers = suppliers;
        this.mailer = mailer;
    }

    /**
     * Migrates the schema, seals the CRM credentials an earlier version kept in plaintext, starts serving and
     * starts delivering the outbox.
     *
     * @throws IllegalStateException when {@code CRM_SECRET_KEY} opens none of the connections to be sealed
     */
    public static EnquiryCoreApp start(EnquiryCoreConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** As {@link #start(EnquiryCoreConfig)}, with the pulls that enquiries force timed by {@code clock}. */
    public static EnquiryCoreApp start(EnquiryCoreConfig config, Clock clock) {
        requireNonNull(config, "config");
        requireNonNull(clock, "clock");
        final Database db = Database.start(config.database(), EnquiryCoreConfig.SCHEMA);
        try {
            new ZohoCredentialSealer(db.transactor(), config.crm().secrets()).sealAll();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        final Mailer mailer = new Mailer(config.mail());
        final MailOutbox outbox = new MailOutbox(new JobQueue(db.jdbi(), db.schema()), new MailTemplates(),
                                                 mailer);
        final TenantFeed suppliers = EnquiryCore.followSuppliers(db, config);
        final CoreServer core = EnquiryCore.configure(CoreServer.builder(), db, config, suppliers, clock);
        final Server server = core.build();
        server.start().join();
        final Map<String, JobHandler> handlers = Map.of(MailOutbox.QUEUE, outbox.handler(),
                                                        CrmOutbox.QUEUE, EnquiryCore.crmPusher(db, config));
        final QueueWorker worker = QueueWorker.start(db, handlers, config.jobs(), core.meterRegistry());
        return new EnquiryCoreApp(db, server, worker, suppliers, mailer);
    }

    public int port() {
        return server.activeLocalPort();
    }

    public String uri() {
        return "http://127.0.0.1:" + port();
    }

    public Database database() {
        return db;
    }

    /** The feed behind the supplier read-model; {@link TenantFeed#pull} catches up at once. */
    public TenantFeed supplierFeed() {
        return suppliers;
    }

    @Override
    public void close() {
        suppliers.close();
        server.stop().join();
        worker.close();
        mailer.close();
        db.close();
    }
}
