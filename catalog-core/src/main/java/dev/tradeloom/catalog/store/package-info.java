@NullMarked
package dev.tradeloom.catalog.store;

import org.jspecify.annotations.NullMarked;
