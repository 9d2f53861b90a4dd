package dev.tradeloom.launcher;

import java.nio.file.Path;
import java.util.Arrays;

import dev.tradeloom.platform.config.Env;

/**
 * The launcher's own settings; every service also reads its usual variables.
 *
 * @param home         {@code TRADELOOM_HOME}: where data lives between runs, default {@code .tradeloom}; it also
 *                     keeps the {@code ACCOUNT_SECRET_KEY} and {@code CRM_SECRET_KEY} drawn on the first run
 *                     when those are not set
 * @param postgresPort {@code LAUNCHER_PG_PORT}, default 54329
 * @param smtpPort     {@code MAIL_CATCHER_SMTP_PORT}, default 1025
 * @param mailWebPort  {@code MAIL_CATCHER_WEB_PORT}, default 8025
 * @param s3Port       {@code LAUNCHER_S3_PORT}, default 9190: the embedded S3-compatible store
 * @param demo         {@code --demo} or {@code DEMO_DATA=true}: load demo suppliers and a demo login
 */
record LauncherConfig(Path home, int postgresPort, int smtpPort, int mailWebPort, int s3Port, boolean demo) {

    static LauncherConfig from(Env env, String[] args) {
        final boolean demoFlag = Arrays.asList(args).contains("--demo");
        for (String arg : args) {
            if (!"--demo".equals(arg)) {
                env.problem("unknown argument '" + arg + "' (expected: --demo)");
            }
        }
        final var config = new LauncherConfig(Path.of(env.string("TRADELOOM_HOME", ".tradeloom")).toAbsolutePath(),
                                              env.integer("LAUNCHER_PG_PORT", 54329, 1, 65535),
                                              env.integer("MAIL_CATCHER_SMTP_PORT", 1025, 1, 65535),
                                              env.integer("MAIL_CATCHER_WEB_PORT", 8025, 1, 65535),
                                              env.integer("LAUNCHER_S3_PORT", 9190, 1, 65535),
                                              demoFlag || env.bool("DEMO_DATA", false));
        env.check();
        return config;
    }
}
