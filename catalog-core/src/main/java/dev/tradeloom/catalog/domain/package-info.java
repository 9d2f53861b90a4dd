@NullMarked
package dev.tradeloom.catalog.domain;

import org.jspecify.annotations.NullMarked;
