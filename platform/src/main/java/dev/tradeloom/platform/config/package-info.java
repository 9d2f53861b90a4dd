@NullMarked
package dev.tradeloom.platform.config;

import org.jspecify.annotations.NullMarked;
