@NullMarked
package dev.tradeloom.tryon.store;

import org.jspecify.annotations.NullMarked;
