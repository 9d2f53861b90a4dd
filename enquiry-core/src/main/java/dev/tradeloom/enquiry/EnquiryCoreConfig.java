package dev.tradeloom.enquiry;

import java.time.Duration;

import dev.tradeloom.enquiry.domain.CrmSettings;
import dev.tradeloom.enquiry.domain.GuestLimits;
import dev.tradeloom.platform.config.Env;
import dev.tradeloom.platform.db.DatabaseConfig;
import dev.tradeloom.platform.logging.LogFormat;
import dev.tradeloom.platform.mail.MailConfig;
import dev.tradeloom.platform.queue.QueueWorkerSettings;

/**
 * enquiry-core settings, read once at start from the environment.
 *
 * @param port          {@code ENQUIRY_CORE_PORT}, default 9103
 * @param database      see {@link DatabaseConfig#fromEnv}
 * @param mail          see {@link MailConfig#fromEnv}
 * @param jobs          the outbox worker, see {@link QueueWorkerSettings#fromEnv}
 * @param tenantCoreUrl {@code TENANT_CORE_URL}, default {@code http://127.0.0.1:9101}: whose tenant change
 *                      feed the supplier read-model follows, and who answers team questions
 * @param catalogCoreUrl {@code CATALOG_CORE_URL}, default {@code http://127.0.0.1:9102}: whose storefront says
 *                      which product an enquiry is about
 * @param supplierSyncEvery {@code SUPPLIER_SYNC_INTERVAL}, default 5s: how often that feed is pulled (it is
 *                      also pulled at once when an enquiry names a supplier not known yet, see below)
 * @param jwksUrl       {@code JWKS_URL}, default tenant-core's {@code /.well-known/jwks.json}
 * @param guestLimits   {@code GUEST_ENQUIRIES_PER_EMAIL_PER_DAY} (5) and
 *                      {@code GUEST_ENQUIRIES_PER_ADDRESS_PER_DAY} (20)
 * @param crm           see {@link CrmSettings#fromEnv}
 * @param supplierCatchUpEvery {@code SUPPLIER_CATCH_UP_INTERVAL}, default 5s: the least time between two pulls
 *                      of that feed for enquiries naming suppliers not known yet (0: no limit); in between,
 *                      such an enquiry is NOT_FOUND without asking tenant-core
 */
public record EnquiryCoreConfig(int port, DatabaseConfig database, MailConfig mail, QueueWorkerSettings jobs,
                                String tenantCoreUrl, String catalogCoreUrl, String jwksUrl, GuestLimits guestLimits,
                                CrmSettings crm, Duration supplierSyncEvery, Duration supplierCatchUpEvery) {

    public static final String SCHEMA = "enquiry";

    /** Reads and validates every setting; throws listing all problems at once. */
    public static EnquiryCoreConfig fromEnv(Env env) {
        final String tenantCore = stripSlash(env.string("TENANT_CORE_URL", "http://127.0.0.1:9101"));
        final Duration catchUpEvery = env.duration("SUPPLIER_CATCH_UP_INTERVAL", Duration.ofSeconds(5));
        if (catchUpEvery.isNegative()) {
            env.problem("SUPPLIER_CATCH_UP_INTERVAL: " + catchUpEvery + " (expected: 0 or more)");
        }
        final var config = new EnquiryCoreConfig(
                env.integer("ENQUIRY_CORE_PORT", 9103, 0, 65535),
                DatabaseConfig.fromEnv(env, SCHEMA),
                MailConfig.fromEnv(env),
                QueueWorkerSettings.fromEnv(env),
                tenantCore,
                stripSlash(env.string("CATALOG_CORE_URL", "http://127.0.0.1:9102")),
                env.string("JWKS_URL", tenantCore + "/.well-known/jwks.json"),
                new GuestLimits(env.integer("GUEST_ENQUIRIES_PER_EMAIL_PER_DAY", 5, 1, 1_000_000),
                                env.integer("GUEST_ENQUIRIES_PER_ADDRESS_PER_DAY", 20, 1, 1_000_000)),
                CrmSettings.fromEnv(env),
                env.duration("SUPPLIER_SYNC_INTERVAL", Duration.ofSeconds(5)),
                catchUpEvery.isNegative() ? Duration.ZERO : catchUpEvery);
        LogFormat.check(env);
        env.check();
        return config;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
