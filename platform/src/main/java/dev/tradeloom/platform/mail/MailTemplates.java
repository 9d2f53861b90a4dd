package dev.tradeloom.platform.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

/**
 * Plain-text email templates from {@code mail/<template>.<language>.txt} on the classpath; the
 * first line is {@code Subject: ...}. A language without its own file falls back to English.
 *
 * <p>A value keeps to its line: {@code {{name}}} writes its line breaks as spaces, so a name someone typed
 * cannot add lines of its own to the email (a fake "Email:" line, say); {@code {{{message}}}} keeps them, for
 * text meant to span lines. A section, {@code {{#phone}}Phone: {{phone}}{{/phone}}}, shows only when its value
 * is not empty.
 */
public final class MailTemplates {
    private static final String FALLBACK = "en";
    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*[\\r\\n\\u0085\\u2028\\u2029]+\\s*");

    private final Mustache.Compiler compiler =
            Mustache.compiler().withEscaper(raw -> LINE_BREAKS.matcher(raw).replaceAll(" "))
                    .emptyStringIsFalse(true).defaultValue("");
    private final Map<String, Compiled> cache = new ConcurrentHashMap<>();

    /**
     * A template's subject line and body, compiled apart: a value with line breaks (a name someone typed)
     * stays on the subject line instead of ending it and writing the start of the body.
     */
    private record Compiled(Template subject, Template body) {}

    public Email render(MailRequest request) {
        final Compiled template = find(request.template(), request.language());
        final String subject = template.subject().execute(request.variables()).replaceAll("\\s+", " ").trim();
        return new Email(request.to(), subject, template.body().execute(request.variables()).trim() + '\n');
    }

    private Compiled find(String name, String language) {
        final String lang = language.toLowerCase(Locale.ROOT).split("[-_]")[0];
        final Compiled own = load(name, lang);
        if (own != null) {
            return own;
        }
        final Compiled fallback = load(name, FALLBACK);
        if (fallback == null) {
            throw new IllegalArgumentException("No mail template '" + name + "' (expected: mail/" + name + ".en.txt)");
        }
        return fallback;
    }

    private @Nullable Compiled load(String name, String lang) {
        final String path = "mail/" + name + '.' + lang + ".txt";
        final Compiled cached = cache.get(path);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = MailTemplates.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return null;
            }
            final String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            final int newline = source.indexOf('\n');
            final String first = newline < 0 ? source : source.substring(0, newline);
            if (!first.startsWith("Subject:")) {
                throw new IllegalStateException("Template " + path + " must start with 'Subject:'");
            }
            final Compiled template = new Compiled(compiler.compile(first.substring("Subject:".length())),
                                                   compiler.compile(newline < 0 ? "" : source.substring(newline + 1)));
            cache.put(path, template);
            return template;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }
}
