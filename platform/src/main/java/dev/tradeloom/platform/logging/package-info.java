/** Request-scoped logging: the request id and user in the MDC, one access line per call. */
@NullMarked
package dev.tradeloom.platform.logging;

import org.jspecify.annotations.NullMarked;
