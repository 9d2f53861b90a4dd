/** Shared plumbing of the Tradeloom core services. */
@NullMarked
package dev.tradeloom.platform;

import org.jspecify.annotations.NullMarked;
