package dev.tradeloom.enquiry.domain;

import java.util.Locale;

/** The languages notification emails are written in; each has its own templates. */
public enum NotificationLanguage {
    EN, HI;

    /** The code stored in the database and used to pick templates. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NotificationLanguage fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
