package dev.tradeloom.enquiry.domain;

import java.util.Locale;

/** Zoho's data centres and the domain of each one's accounts server. */
public enum ZohoDataCentre {
    US("zoho.com"), EU("zoho.eu"), IN("zoho.in"), AU("zoho.com.au"), JP("zoho.jp"), CA("zohocloud.ca");

    private final String domain;

    ZohoDataCentre(String domain) {
        this.domain = domain;
    }

    /** {@code https://accounts.<domain>}, where tokens are refreshed. */
    public String accountsUrl() {
        return "https://accounts." + domain;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ZohoDataCentre fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
