package dev.tradeloom.catalog.domain;

import dev.tradeloom.catalog.store.SupplierRow;

/** A product as buyers see it, with its supplier. */
public record StorefrontProduct(Product product, SupplierRow supplier) {}
