@NullMarked
package dev.tradeloom.tryon;

import org.jspecify.annotations.NullMarked;
