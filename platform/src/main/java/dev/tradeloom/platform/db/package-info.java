@NullMarked
package dev.tradeloom.platform.db;

import org.jspecify.annotations.NullMarked;
