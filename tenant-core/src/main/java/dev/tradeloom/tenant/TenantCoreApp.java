package dev.tradeloom.tenant;

import static java.util.Objects.requireNonNull;

import java.util.Map;

import com.linecorp.armeria.server.Server;

import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.mail.MailOutbox;
import dev.tradeloom.platform.mail.MailTemplates;
import dev.tradeloom.platform.mail.Mailer;
import dev.tradeloom.platform.queue.JobQueue;
import dev.tradeloom.platform.queue.QueueWorker;
import dev.tradeloom.platform.server.CoreServer;
import dev.tradeloom.tenant.domain.AccountSecrets;
import dev.tradeloom.tenant.domain.KeyRotation;
import dev.tradeloom.tenant.domain.OutboxAccountMail;
import dev.tradeloom.tenant.domain.PlaintextSealer;
import dev.tradeloom.tenant.domain.PlatformAdmins;
import dev.tradeloom.tenant.domain.SigningKeys;

/** A running tenant-core: its database, its server and the worker that delivers its outbox. */
public final class TenantCoreApp implements AutoCloseable {
    private final Database db;
    private final Server server;
    private final QueueWorker worker;
    private final KeyRotation keyRotation;
    private final Mailer mailer;

    private TenantCoreApp(Database db, Server server, QueueWorker worker, KeyRotation keyRotation,
                          Mailer mailer) {
        this.db = db;
        this.server = server;
        this.worker = worker;
        this.keyRotation = keyRotation;
        this.mailer = mailer;
    }

    /**
     * Migrates the schema, seals secrets left in plaintext, makes the platform operators those
     * {@code PLATFORM_ADMIN_EMAILS} lists, starts serving and starts delivering email.
     *
     * @throws IllegalStateException naming {@code ACCOUNT_SECRET_KEY} when it does not open the stored keys
     */
    public static TenantCoreApp start(TenantCoreConfig config) {
        requireNonNull(config, "config");
        final Database db = Database.start(config.database(), TenantCoreConfig.SCHEMA);
        final SigningKeys keys;
        try {
            final AccountSecrets secrets = new AccountSecrets(config.accountSecrets());
            new PlaintextSealer(db.transactor(), secrets).sealAll();
            new PlatformAdmins(config.platformAdminEmails()).syncAll(db.transactor());
            keys = new SigningKeys(db.transactor(), secrets);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        final Mailer mailer = new Mailer(config.mail());
        final MailOutbox outbox = new MailOutbox(new JobQueue(db.jdbi(), db.schema()), new MailTemplates(),
                                                 mailer);
        final KeyRotation rotation = new KeyRotation(keys, config.signingKeyRotation(), config.accessTokenTtl())
                .start();
        final CoreServer core = TenantCore.configure(CoreServer.builder(), db, config,
                                                     new OutboxAccountMail(outbox, config.mail().publicBaseUrl()),
                                                     keys);
        final Server server = core.build();
        server.start().join();
        final QueueWorker worker = QueueWorker.start(db, Map.of(MailOutbox.QUEUE, outbox.handler()), config.jobs(),
                                                     core.meterRegistry());
        return new TenantCoreApp(db, server, worker, rotation, mailer);
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

    /** The signing-key rotation, which runs on its own; operators and tests may check now. */
    public KeyRotation keyRotation() {
        return keyRotation;
    }

    @Override
    public void close() {
        server.stop().join();
        keyRotation.close();
        worker.close();
        mailer.close();
        db.close();
    }
}
