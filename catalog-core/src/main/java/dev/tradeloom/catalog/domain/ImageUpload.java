package dev.tradeloom.catalog.domain;

import java.net.URI;
import java.time.Instant;

/** Where and how a client uploads one image: PUT to {@code url} with {@code contentType} before {@code expires}. */
public record ImageUpload(String key, URI url, String contentType, Instant expires, long maxBytes) {}
