package dev.tradeloom.catalog.api;

import dev.tradeloom.catalog.store.MetaFeedRow;
import dev.tradeloom.catalog.v1.MetaFeed;

/** Feed settings as the contract shows them. */
final class FeedProtos {
    private FeedProtos() {}

    static MetaFeed metaFeed(MetaFeedRow row) {
        return MetaFeed.newBuilder().setTenantId(row.tenantId().toString()).setEnabled(true)
                       .setTokenHint(row.tokenHint()).setRotateTime(CommonProtos.timestamp(row.rotatedAt()))
                       .build();
    }

    /** Where Meta fetches the feed: the edge serves {@code /feeds/meta/{token}.xml} on the public host. */
    static String feedUrl(String publicBaseUrl, String token) {
        return publicBaseUrl + "/feeds/meta/" + token + ".xml";
    }
}
