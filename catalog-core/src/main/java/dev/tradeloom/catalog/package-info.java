@NullMarked
package dev.tradeloom.catalog;

import org.jspecify.annotations.NullMarked;
