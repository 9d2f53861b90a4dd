@NullMarked
package dev.tradeloom.catalog.api;

import org.jspecify.annotations.NullMarked;
