@NullMarked
package dev.tradeloom.platform.queue;

import org.jspecify.annotations.NullMarked;
