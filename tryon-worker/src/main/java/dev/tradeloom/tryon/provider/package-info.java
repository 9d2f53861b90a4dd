@NullMarked
package dev.tradeloom.tryon.provider;

import org.jspecify.annotations.NullMarked;
