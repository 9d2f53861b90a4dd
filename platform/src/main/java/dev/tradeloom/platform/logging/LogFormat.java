package dev.tradeloom.platform.logging;

import java.util.Set;

import dev.tradeloom.platform.config.Env;

/**
 * {@code LOG_FORMAT}: {@code text} (default, for people) or {@code json} (one object per line,
 * for collectors). The logback configuration reads the variable; this checks it at start so a
 * typo stops the process with a message instead of silencing the logs.
 */
public final class LogFormat {
    private static final Set<String> FORMATS = Set.of("text", "json");

    private LogFormat() {}

    /** Records a problem in {@code env} when {@code LOG_FORMAT} is neither text nor json. */
    public static String check(Env env) {
        final String format = env.string("LOG_FORMAT", "text");
        if (!FORMATS.contains(format)) {
            env.problem("LOG_FORMAT: '" + format + "' (expected: text or json)");
        }
        return format;
    }
}
