package dev.tradeloom.catalog.api;

import static dev.tradeloom.catalog.api.CommonProtos.id;
import static dev.tradeloom.platform.grpc.Replies.reply;
import static java.util.Objects.requireNonNull;

import java.util.UUID;

import dev.tradeloom.catalog.domain.MetaFeeds;
import dev.tradeloom.catalog.domain.MetaFeeds.IssuedToken;
import dev.tradeloom.catalog.v1.FeedServiceGrpc;
import dev.tradeloom.catalog.v1.GetMetaFeedRequest;
import dev.tradeloom.catalog.v1.MetaFeed;
import dev.tradeloom.catalog.v1.RotateMetaFeedTokenRequest;
import io.grpc.stub.StreamObserver;

/** tradeloom.catalog.v1.FeedService over {@link MetaFeeds}; feed URLs are rooted at the public base URL. */
public final class FeedServiceImpl extends FeedServiceGrpc.FeedServiceImplBase {
    private final MetaFeeds feeds;
    private final String publicBaseUrl;

    public FeedServiceImpl(MetaFeeds feeds, String publicBaseUrl) {
        this.feeds = requireNonNull(feeds, "feeds");
        this.publicBaseUrl = requireNonNull(publicBaseUrl, "publicBaseUrl");
    }

    @Override
    public void getMetaFeed(GetMetaFeedRequest request, StreamObserver<MetaFeed> out) {
        final UUID tenantId = id(request.getTenantId());
        reply(out, feeds.get(tenantId).map(FeedProtos::metaFeed)
                        .orElseGet(() -> MetaFeed.newBuilder().setTenantId(tenantId.toString()).build()));
    }

    @Override
    public void rotateMetaFeedToken(RotateMetaFeedTokenRequest request, StreamObserver<MetaFeed> out) {
        final IssuedToken issued = feeds.rotate(id(request.getTenantId()));
        reply(out, FeedProtos.metaFeed(issued.feed()).toBuilder()
                             .setFeedUrl(FeedProtos.feedUrl(publicBaseUrl, issued.token())).build());
    }
}
