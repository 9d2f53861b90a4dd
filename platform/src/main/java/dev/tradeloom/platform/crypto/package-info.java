/** Sealing secrets for storage. */
@NullMarked
package dev.tradeloom.platform.crypto;

import org.jspecify.annotations.NullMarked;
