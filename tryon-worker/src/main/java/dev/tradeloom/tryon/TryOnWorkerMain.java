package dev.tradeloom.tryon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.platform.config.Env;

/** Starts tryon-worker from environment variables (see {@link TryOnWorkerConfig}). */
public final class TryOnWorkerMain {
    private static final Logger logger = LoggerFactory.getLogger(TryOnWorkerMain.class);

    private TryOnWorkerMain() {}

    public static void main(String[] args) {
        final TryOnWorkerConfig config = TryOnWorkerConfig.fromEnv(Env.system());
        final TryOnWorkerApp app = TryOnWorkerApp.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "tryon-worker-shutdown"));
        logger.info("tryon-worker listening on {} ({})", app.uri(),
                    config.gemini().enabled() ? "Gemini model " + config.gemini().model()
                                              : "offline try-on provider: no GEMINI_API_KEY");
    }
}
