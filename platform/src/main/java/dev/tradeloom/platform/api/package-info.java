/** What every service's standard methods share: keyset page tokens and pages, etags, field masks. */
@NullMarked
package dev.tradeloom.platform.api;

import org.jspecify.annotations.NullMarked;
