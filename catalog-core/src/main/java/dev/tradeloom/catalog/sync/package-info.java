@NullMarked
package dev.tradeloom.catalog.sync;

import org.jspecify.annotations.NullMarked;
