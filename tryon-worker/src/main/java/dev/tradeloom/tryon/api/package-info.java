@NullMarked
package dev.tradeloom.tryon.api;

import org.jspecify.annotations.NullMarked;
