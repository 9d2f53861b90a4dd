@NullMarked
package dev.tradeloom.platform.error;

import org.jspecify.annotations.NullMarked;
