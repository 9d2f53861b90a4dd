package dev.tradeloom.catalog.api;

import static dev.tradeloom.catalog.api.CommonProtos.id;
import static dev.tradeloom.platform.grpc.Replies.reply;
import static java.util.Objects.requireNonNull;

import dev.tradeloom.catalog.domain.Images;
import dev.tradeloom.catalog.store.ImageRow;
import dev.tradeloom.catalog.v1.CompleteImageUploadRequest;
import dev.tradeloom.catalog.v1.CreateImageUploadRequest;
import dev.tradeloom.catalog.v1.Image;
import dev.tradeloom.catalog.v1.ImageServiceGrpc;
import dev.tradeloom.catalog.v1.ImageUpload;
import dev.tradeloom.catalog.v1.UploadImageRequest;
import io.grpc.stub.StreamObserver;

/** tradeloom.catalog.v1.ImageService over {@link Images}. */
public final class ImageServiceImpl extends ImageServiceGrpc.ImageServiceImplBase {
    private final Images images;

    public ImageServiceImpl(Images images) {
        this.images = requireNonNull(images, "images");
    }

    @Override
    public void createImageUpload(CreateImageUploadRequest request, StreamObserver<ImageUpload> out) {
        reply(out, ImageProtos.upload(images.createUpload(id(request.getTenantId()), request.getContentType())));
    }

    @Override
    public void completeImageUpload(CompleteImageUploadRequest request, StreamObserver<Image> out) {
        reply(out, image(images.complete(id(request.getTenantId()), request.getKey())));
    }

    @Override
    public void uploadImage(UploadImageRequest request, StreamObserver<Image> out) {
        reply(out, image(images.upload(id(request.getTenantId()), request.getData().toByteArray())));
    }

    private Image image(ImageRow row) {
        return ImageProtos.image(row, images.url(row.key()));
    }
}
