/** The other services tryon-worker asks: catalog-core for product images. */
@NullMarked
package dev.tradeloom.tryon.upstream;

import org.jspecify.annotations.NullMarked;
