package dev.tradeloom.enquiry.domain;

import dev.tradeloom.platform.error.EtagMismatchException;

/** Etags are the row's version; an empty etag from the client skips the check. */
final class Etags {
    private Etags() {}

    static String of(long version) {
        return Long.toString(version);
    }

    static void check(String clientEtag, long version, String what) {
        if (!clientEtag.isEmpty() && !clientEtag.equals(of(version))) {
            throw stale(what);
        }
    }

    static EtagMismatchException stale(String what) {
        return new EtagMismatchException(
                "ETAG_MISMATCH", what + " changed since you read it; read it again and reapply your change.");
    }
}
