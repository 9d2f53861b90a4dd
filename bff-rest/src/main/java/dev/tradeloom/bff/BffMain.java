package dev.tradeloom.bff;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.server.Server;

import dev.tradeloom.platform.config.Env;

/** Starts the edge from environment variables (see {@link BffConfig}). */
public final class BffMain {
    private static final Logger logger = LoggerFactory.getLogger(BffMain.class);

    private BffMain() {}

    public static void main(String[] args) {
        final BffConfig config = BffConfig.fromEnv(Env.system());
        final Server server = BffServer.configure(Server.builder(), config).build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop().join(), "bff-shutdown"));
        server.start().join();
        logger.info("Tradeloom edge listening on http://127.0.0.1:{} (tenant-core at {}, enquiry-core at {})",
                    server.activeLocalPort(), config.tenantCoreUrl(), config.enquiryCoreUrl());
    }
}
