package dev.tradeloom.catalog.api;

import static dev.tradeloom.catalog.api.CommonProtos.id;
import static dev.tradeloom.platform.grpc.Replies.empty;
import static dev.tradeloom.platform.grpc.Replies.reply;
import static java.util.Objects.requireNonNull;

import java.util.UUID;
import java.util.function.UnaryOperator;

import com.google.protobuf.Empty;

import dev.tradeloom.catalog.domain.Translated;
import dev.tradeloom.catalog.domain.Attributes;
import dev.tradeloom.catalog.store.AttributeRow;
import dev.tradeloom.catalog.v1.Attribute;
import dev.tradeloom.catalog.v1.AttributeServiceGrpc;
import dev.tradeloom.catalog.v1.CreateAttributeRequest;
import dev.tradeloom.catalog.v1.DeleteAttributeRequest;
import dev.tradeloom.catalog.v1.GetAttributeRequest;
import dev.tradeloom.catalog.v1.ListAttributesRequest;
import dev.tradeloom.catalog.v1.ListAttributesResponse;
import dev.tradeloom.catalog.v1.UpdateAttributeRequest;
import dev.tradeloom.platform.api.FieldMasks;
import dev.tradeloom.platform.api.Page;
import io.grpc.stub.StreamObserver;

/** tradeloom.catalog.v1.AttributeService over {@link Attributes}. */
public final class AttributeServiceImpl extends AttributeServiceGrpc.AttributeServiceImplBase {
    private final Attributes attributes;

    public AttributeServiceImpl(Attributes attributes) {
        this.attributes = requireNonNull(attributes, "attributes");
    }

    @Override
    public void createAttribute(CreateAttributeRequest request, StreamObserver<Attribute> out) {
        reply(out, AttributeProtos.attribute(attributes.create(id(request.getTenantId()),
                                                   AttributeProtos.draft(request.getAttribute()),
                                                   CommonProtos.requestId(request.getRequestId()))));
    }

    @Override
    public void getAttribute(GetAttributeRequest request, StreamObserver<Attribute> out) {
        reply(out, AttributeProtos.attribute(attributes.get(id(request.getTenantId()), id(request.getAttributeId()),
                                                request.getLanguage())));
    }

    @Override
    public void listAttributes(ListAttributesRequest request, StreamObserver<ListAttributesResponse> out) {
        final Page<Translated<AttributeRow>> page = attributes.list(id(request.getTenantId()),
                request.getPageSize(), request.getPageToken(), request.getLanguage());
        reply(out, ListAttributesResponse.newBuilder()
                .addAllAttributes(page.items().stream().map(AttributeProtos::attribute).toList())
                .setNextPageToken(page.nextPageToken()).build());
    }

    @Override
    public void updateAttribute(UpdateAttributeRequest request, StreamObserver<Attribute> out) {
        final UUID attributeId = CommonProtos.requiredId(request.getAttribute().getId(), "attribute.id");
        final UnaryOperator<Translated<AttributeRow>> change = current -> AttributeProtos.draft(
                FieldMasks.apply(AttributeProtos.attribute(current), request.getAttribute(), request.getUpdateMask(),
                                 AttributeProtos.READ_ONLY));
        reply(out, AttributeProtos.attribute(attributes.update(id(request.getTenantId()), attributeId,
                                                request.getAttribute().getEtag(), change)));
    }

    @Override
    public void deleteAttribute(DeleteAttributeRequest request, StreamObserver<Empty> out) {
        attributes.delete(id(request.getTenantId()), id(request.getAttributeId()), request.getEtag());
        empty(out);
    }
}
