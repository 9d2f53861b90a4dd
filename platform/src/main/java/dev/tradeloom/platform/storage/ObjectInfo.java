package dev.tradeloom.platform.storage;

/**
 * What the store knows of an object without reading it. {@code etag} names this version of the object: it
 * changes whenever the object is written again, and reads and copies can be made to require it.
 */
public record ObjectInfo(String key, long size, String contentType, String etag) {}
