/** Following another service's change feed into a local read-model. */
@NullMarked
package dev.tradeloom.platform.feed;

import org.jspecify.annotations.NullMarked;
