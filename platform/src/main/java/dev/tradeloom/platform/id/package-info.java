@NullMarked
package dev.tradeloom.platform.id;

import org.jspecify.annotations.NullMarked;
