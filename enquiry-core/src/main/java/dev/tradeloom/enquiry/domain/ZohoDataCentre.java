package dev.tradeloom.enquiry.domain;

import java.net.URI;
import java.util.Locale;

/** Zoho's data centres: the domain of each one's accounts server and of its API servers. */
public enum ZohoDataCentre {
    US("zoho.com", "zohoapis.com"), EU("zoho.eu", "zohoapis.eu"), IN("zoho.in", "zohoapis.in"),
    AU("zoho.com.au", "zohoapis.com.au"), JP("zoho.jp", "zohoapis.jp"), CA("zohocloud.ca", "zohoapis.ca");

    private final String domain;
    private final String apiDomain;

    ZohoDataCentre(String domain, String apiDomain) {
        this.domain = domain;
        this.apiDomain = apiDomain;
    }

    /** {@code https://accounts.<domain>}, where tokens are refreshed. */
    public String accountsUrl() {
        return "https://accounts." + domain;
    }

    /** What an API server of this data centre looks like: {@code https://*.zohoapis.<its domain>}. */
    public String apiServers() {
        return "https://*." + apiDomain;
    }

    /**
     * Whether {@code url} is an API server of this data centre, where an access token of its connections
     * may be sent: https on the default port to a host under {@code zohoapis.<its domain>} (Zoho names
     * {@code https://www.zohoapis.<domain>}), with no user, path beyond "/", query or fragment.
     */
    public boolean servesApi(URI url) {
        if (!isServer(url) || !"https".equalsIgnoreCase(url.getScheme())
            || (url.getPort() != -1 && url.getPort() != 443)) {
            return false;
        }
        final String name = url.getHost().toLowerCase(Locale.ROOT);
        return name.endsWith('.' + apiDomain) && name.length() > apiDomain.length() + 1;
    }

    /** Whether {@code url} names a server and nothing more: a host, no user, no path beyond "/", query or fragment. */
    public static boolean isServer(URI url) {
        final String path = url.getRawPath();
        return url.getHost() != null && url.getRawUserInfo() == null
               && (path == null || path.isEmpty() || "/".equals(path)) && url.getRawQuery() == null
               && url.getRawFragment() == null;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ZohoDataCentre fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
