package dev.tradeloom.platform.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

/**
 * Plain-text email templates from {@code mail/<template>.<language>.txt} on the classpath; the
 * first line is {@code Subject: ...}. A language without its own file falls back to English.
 */
public final class MailTemplates {
    private static final String FALLBACK = "en";

    private final Mustache.Compiler compiler = Mustache.compiler().escapeHTML(false).defaultValue("");
    private final Map<String, Template> cache = new ConcurrentHashMap<>();

    public Email render(MailRequest request) {
        final Template template = find(request.template(), request.language());
        final String text = template.execute(request.variables());
        final int newline = text.indexOf('\n');
        final String first = newline < 0 ? text : text.substring(0, newline);
        if (!first.startsWith("Subject:")) {
            throw new IllegalStateException("Template " + request.template() + " must start with 'Subject:'");
        }
        return new Email(request.to(), first.substring("Subject:".length()).trim(),
                         newline < 0 ? "" : text.substring(newline + 1).trim() + '\n');
    }

    private Template find(String name, String language) {
        final String lang = language.toLowerCase(Locale.ROOT).split("[-_]")[0];
        final Template own = load(name, lang);
        if (own != null) {
            return own;
        }
        final Template fallback = load(name, FALLBACK);
        if (fallback == null) {
            throw new IllegalArgumentException("No mail template '" + name + "' (expected: mail/" + name + ".en.txt)");
        }
        return fallback;
    }

    private @Nullable Template load(String name, String lang) {
        final String path = "mail/" + name + '.' + lang + ".txt";
        final Template cached = cache.get(path);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = MailTemplates.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return null;
            }
            final Template template = compiler.compile(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            cache.put(path, template);
            return template;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }
}
