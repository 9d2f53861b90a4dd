package dev.tradeloom.tenant;

import static java.util.Objects.requireNonNull;

import dev.tradeloom.platform.auth.TokenVerifier;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.db.SqlObjects;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.queue.Deliveries;
import dev.tradeloom.platform.queue.JobQueue;
import dev.tradeloom.platform.server.CoreServer;
import dev.tradeloom.tenant.api.AuthServiceImpl;
import dev.tradeloom.tenant.api.ContactServiceImpl;
import dev.tradeloom.tenant.api.JwksDocument;
import dev.tradeloom.tenant.api.MemberServiceImpl;
import dev.tradeloom.tenant.api.OperationsServiceImpl;
import dev.tradeloom.tenant.api.TenantServiceImpl;
import dev.tradeloom.tenant.domain.AccountMail;
import dev.tradeloom.tenant.domain.AccountSecrets;
import dev.tradeloom.tenant.domain.Accounts;
import dev.tradeloom.tenant.domain.Contacts;
import dev.tradeloom.tenant.domain.LiveMemberships;
import dev.tradeloom.tenant.domain.Logins;
import dev.tradeloom.tenant.domain.Members;
import dev.tradeloom.tenant.domain.PasswordHasher;
import dev.tradeloom.tenant.domain.PlatformAdmins;
import dev.tradeloom.tenant.domain.Sessions;
import dev.tradeloom.tenant.domain.SigningKeys;
import dev.tradeloom.tenant.domain.Tenants;
import dev.tradeloom.tenant.domain.TokenIssuer;
import dev.tradeloom.tenant.domain.TwoFactor;
import dev.tradeloom.tenant.store.CompanySearchDao;
import dev.tradeloom.tenant.store.ContactDao;
import dev.tradeloom.tenant.store.InvitationDao;
import dev.tradeloom.tenant.store.MembershipDao;
import dev.tradeloom.tenant.store.OneTimeTokenDao;
import dev.tradeloom.tenant.store.PlaintextSecretDao;
import dev.tradeloom.tenant.store.RecoveryCodeDao;
import dev.tradeloom.tenant.store.SessionDao;
import dev.tradeloom.tenant.store.SignInFailureDao;
import dev.tradeloom.tenant.store.SigningKeyDao;
import dev.tradeloom.tenant.store.TenantDao;
import dev.tradeloom.tenant.store.UserDao;
import dev.tradeloom.tenant.v1.TenantServiceGrpc;

/** tenant-core's wiring, shared by {@link TenantCoreMain}, the launcher and the tests. */
public final class TenantCore {
    private TenantCore() {}

    /**
     * Adds tenant-core's services, token verification, readiness and JWKS route to {@code server}; tokens
     * are signed with {@code keys}, which {@link dev.tradeloom.tenant.domain.KeyRotation} keeps fresh.
     */
    public static CoreServer configure(CoreServer server, Database db, TenantCoreConfig config, AccountMail mail,
                                       SigningKeys keys) {
        requireNonNull(server, "server");
        requireNonNull(keys, "keys");
        requireNonNull(db, "db");
        requireNonNull(config, "config");
        requireNonNull(mail, "mail");
        SqlObjects.prepare(db.jdbi(), CompanySearchDao.class, ContactDao.class, InvitationDao.class,
                           MembershipDao.class, OneTimeTokenDao.class, RecoveryCodeDao.class, SessionDao.class,
                           PlaintextSecretDao.class, SigningKeyDao.class, SignInFailureDao.class, TenantDao.class,
                           UserDao.class);
        final Transactor tx = db.transactor();
        final PasswordHasher passwords = new PasswordHasher(config.passwords());
        final Sessions sessions = new Sessions(tx, new TokenIssuer(keys, config.accessTokenTtl()),
                                               config.refreshTokenTtl());
        final PlatformAdmins admins = new PlatformAdmins(config.platformAdminEmails());
        final TwoFactor twoFactor = new TwoFactor(tx, passwords, new AccountSecrets(config.accountSecrets()));
        return server.name("tenant-core")
                     .port(config.port())
                     .service(new AuthServiceImpl(new Accounts(tx, passwords, mail, admins),
                                                  new Logins(tx, passwords, sessions, twoFactor, mail),
                                                  sessions, twoFactor, keys))
                     .service(new TenantServiceImpl(new Tenants(tx)))
                     // Polled every few seconds by the services that keep a read-model of tenants.
                     .routine(TenantServiceGrpc.getListTenantChangesMethod())
                     .service(new MemberServiceImpl(new Members(tx, mail)))
                     .service(new ContactServiceImpl(new Contacts(tx)))
                     .service(new OperationsServiceImpl(new Deliveries(new JobQueue(db.jdbi(), db.schema()))))
                     .tokenVerifier(new TokenVerifier(keys))
                     // tenant-core owns memberships: it checks them live instead of trusting the token.
                     .membershipResolver(new LiveMemberships(tx))
                     .readiness(db::isHealthy)
                     .configure(sb -> sb.service("/.well-known/jwks.json", new JwksDocument(keys)));
    }
}
