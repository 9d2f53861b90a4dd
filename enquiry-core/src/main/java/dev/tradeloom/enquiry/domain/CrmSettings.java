package dev.tradeloom.enquiry.domain;

import org.jspecify.annotations.Nullable;

import dev.tradeloom.platform.config.Env;
import dev.tradeloom.platform.crypto.SecretBox;

/**
 * How enquiry-core reaches CRMs.
 *
 * @param secrets          sealed storage for CRM secrets from {@code CRM_SECRET_KEY} (32 random bytes,
 *                         base64); null when unset, which disables CRM connections
 * @param zohoAccountsUrl  {@code ZOHO_ACCOUNTS_URL}: one accounts server for every data centre (for
 *                         tests and proxies), whose host may also serve the API a token names; null means
 *                         {@code https://accounts.zoho.<data centre>} and Zoho's API servers only
 */
public record CrmSettings(@Nullable SecretBox secrets, @Nullable String zohoAccountsUrl) {
    /** The setting that holds the key CRM secrets are sealed with. */
    public static final String SECRET_KEY = "CRM_SECRET_KEY";

    public static CrmSettings disabled() {
        return new CrmSettings(null, null);
    }

    public static CrmSettings fromEnv(Env env) {
        final String key = env.optional(SECRET_KEY);
        SecretBox box = null;
        if (key != null) {
            try {
                box = SecretBox.fromBase64(SECRET_KEY, key);
            } catch (IllegalArgumentException e) {
                env.problem(e.getMessage());
            }
        }
        final String accounts = env.optional("ZOHO_ACCOUNTS_URL");
        return new CrmSettings(box, accounts == null ? null : stripSlash(accounts));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
