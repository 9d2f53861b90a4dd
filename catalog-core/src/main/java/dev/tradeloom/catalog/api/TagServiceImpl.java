package dev.tradeloom.catalog.api;

import static dev.tradeloom.catalog.api.CommonProtos.id;
import static dev.tradeloom.platform.grpc.Replies.empty;
import static dev.tradeloom.platform.grpc.Replies.reply;
import static java.util.Objects.requireNonNull;

import java.util.UUID;
import java.util.function.UnaryOperator;

import com.google.protobuf.Empty;

import dev.tradeloom.catalog.domain.Translated;
import dev.tradeloom.catalog.domain.Tags;
import dev.tradeloom.catalog.store.TagRow;
import dev.tradeloom.catalog.v1.Tag;
import dev.tradeloom.catalog.v1.TagServiceGrpc;
import dev.tradeloom.catalog.v1.CreateTagRequest;
import dev.tradeloom.catalog.v1.DeleteTagRequest;
import dev.tradeloom.catalog.v1.GetTagRequest;
import dev.tradeloom.catalog.v1.ListTagsRequest;
import dev.tradeloom.catalog.v1.ListTagsResponse;
import dev.tradeloom.catalog.v1.UpdateTagRequest;
import dev.tradeloom.platform.api.FieldMasks;
import dev.tradeloom.platform.api.Page;
import io.grpc.stub.StreamObserver;

/** tradeloom.catalog.v1.TagService over {@link Tags}. */
public final class TagServiceImpl extends TagServiceGrpc.TagServiceImplBase {
    private final Tags tags;

    public TagServiceImpl(Tags tags) {
        this.tags = requireNonNull(tags, "tags");
    }

    @Override
    public void createTag(CreateTagRequest request, StreamObserver<Tag> out) {
        reply(out, TagProtos.tag(tags.create(id(request.getTenantId()),
                                                   TagProtos.draft(request.getTag()),
                                                   CommonProtos.requestId(request.getRequestId()))));
    }

    @Override
    public void getTag(GetTagRequest request, StreamObserver<Tag> out) {
        reply(out, TagProtos.tag(tags.get(id(request.getTenantId()), id(request.getTagId()),
                                                request.getLanguage())));
    }

    @Override
    public void listTags(ListTagsRequest request, StreamObserver<ListTagsResponse> out) {
        final Page<Translated<TagRow>> page = tags.list(id(request.getTenantId()),
                request.getPageSize(), request.getPageToken(), request.getLanguage());
        reply(out, ListTagsResponse.newBuilder()
                .addAllTags(page.items().stream().map(TagProtos::tag).toList())
                .setNextPageToken(page.nextPageToken()).build());
    }

    @Override
    public void updateTag(UpdateTagRequest request, StreamObserver<Tag> out) {
        final UUID tagId = CommonProtos.requiredId(request.getTag().getId(), "tag.id");
        final UnaryOperator<Translated<TagRow>> change = current -> TagProtos.draft(
                FieldMasks.apply(TagProtos.tag(current), request.getTag(), request.getUpdateMask(),
                                 TagProtos.READ_ONLY));
        reply(out, TagProtos.tag(tags.update(id(request.getTenantId()), tagId,
                                                request.getTag().getEtag(), change)));
    }

    @Override
    public void deleteTag(DeleteTagRequest request, StreamObserver<Empty> out) {
        tags.delete(id(request.getTenantId()), id(request.getTagId()), request.getEtag());
        empty(out);
    }
}
