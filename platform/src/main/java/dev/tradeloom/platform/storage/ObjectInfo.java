package dev.tradeloom.platform.storage;

/** What the store knows of an object without reading it. */
public record ObjectInfo(String key, long size, String contentType) {}
