/** Background work on a schedule. */
@NullMarked
package dev.tradeloom.platform.task;

import org.jspecify.annotations.NullMarked;
