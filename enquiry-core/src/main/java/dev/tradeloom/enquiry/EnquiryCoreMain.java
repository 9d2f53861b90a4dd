package dev.tradeloom.enquiry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.platform.config.Env;

/** Starts enquiry-core from environment variables (see {@link EnquiryCoreConfig}). */
public final class EnquiryCoreMain {
    private static final Logger logger = LoggerFactory.getLogger(EnquiryCoreMain.class);

    private EnquiryCoreMain() {}

    public static void main(String[] args) {
        final EnquiryCoreApp app = EnquiryCoreApp.start(EnquiryCoreConfig.fromEnv(Env.system()));
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "enquiry-core-shutdown"));
        logger.info("enquiry-core listening on {}", app.uri());
    }
}
