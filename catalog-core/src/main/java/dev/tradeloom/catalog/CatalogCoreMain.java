package dev.tradeloom.catalog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.platform.config.Env;

/** Starts catalog-core from environment variables (see {@link CatalogCoreConfig}). */
public final class CatalogCoreMain {
    private static final Logger logger = LoggerFactory.getLogger(CatalogCoreMain.class);

    private CatalogCoreMain() {}

    public static void main(String[] args) {
        final CatalogCoreApp app = CatalogCoreApp.start(CatalogCoreConfig.fromEnv(Env.system()));
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "catalog-core-shutdown"));
        logger.info("catalog-core listening on {}", app.uri());
    }
}
