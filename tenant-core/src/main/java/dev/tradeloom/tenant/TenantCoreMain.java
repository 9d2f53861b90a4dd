package dev.tradeloom.tenant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.platform.config.Env;

/** Starts tenant-core from environment variables (see {@link TenantCoreConfig}). */
public final class TenantCoreMain {
    private static final Logger logger = LoggerFactory.getLogger(TenantCoreMain.class);

    private TenantCoreMain() {}

    public static void main(String[] args) {
        final TenantCoreApp app = TenantCoreApp.start(TenantCoreConfig.fromEnv(Env.system()));
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "tenant-core-shutdown"));
        logger.info("tenant-core listening on {}", app.uri());
    }
}
