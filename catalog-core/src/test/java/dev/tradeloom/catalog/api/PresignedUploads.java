package dev.tradeloom.catalog.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;

import dev.tradeloom.catalog.v1.ImageUpload;

/** Sends files to presigned upload URLs as a browser would. */
final class PresignedUploads {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private PresignedUploads() {}

    /** PUTs {@code bytes} to the presigned URL with the signed content type; returns the HTTP status. */
    static int put(ImageUpload upload, byte[] bytes) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(upload.getUploadUrl()))
                                    .header("Content-Type", upload.getContentType())
                                    .PUT(BodyPublishers.ofByteArray(bytes)).build(),
                         BodyHandlers.discarding()).statusCode();
    }
}
