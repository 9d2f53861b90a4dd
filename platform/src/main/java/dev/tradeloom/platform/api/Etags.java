package dev.tradeloom.platform.api;

import dev.tradeloom.platform.error.EtagMismatchException;

/** Etags are the row's version; an empty etag from the client skips the check. */
public final class Etags {
    private Etags() {}

    public static String of(long version) {
        return Long.toString(version);
    }

    public static void check(String clientEtag, long version, String what) {
        if (!clientEtag.isEmpty() && !clientEtag.equals(of(version))) {
            throw stale(what);
        }
    }

    public static EtagMismatchException stale(String what) {
        return new EtagMismatchException("ETAG_MISMATCH",
                                         what + " changed since you read it; read it again and reapply your change.");
    }
}
