package dev.tradeloom.catalog.api;

import static dev.tradeloom.catalog.api.CommonProtos.timestamp;

import dev.tradeloom.catalog.domain.ImageUpload;
import dev.tradeloom.catalog.store.ImageRow;
import dev.tradeloom.catalog.v1.Image;

/** Images ↔ the contract. */
final class ImageProtos {
    private ImageProtos() {}

    static Image image(ImageRow row, String url) {
        final Image.Builder image = Image.newBuilder()
                                         .setId(row.id().toString())
                                         .setTenantId(row.tenantId().toString())
                                         .setKey(row.key())
                                         .setContentType(row.contentType())
                                         .setSizeBytes(row.sizeBytes())
                                         .setUrl(url)
                                         .setCreateTime(timestamp(row.createdAt()));
        row.size().ifPresent(size -> image.setWidth(size.width()).setHeight(size.height()));
        return image.build();
    }

    static dev.tradeloom.catalog.v1.ImageUpload upload(ImageUpload upload) {
        return dev.tradeloom.catalog.v1.ImageUpload.newBuilder()
                                                   .setKey(upload.key())
                                                   .setUploadUrl(upload.url().toString())
                                                   .setContentType(upload.contentType())
                                                   .setExpireTime(timestamp(upload.expires()))
                                                   .setMaxSizeBytes(upload.maxBytes())
                                                   .build();
    }
}
