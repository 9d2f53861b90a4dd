@NullMarked
package dev.tradeloom.tenant;

import org.jspecify.annotations.NullMarked;
