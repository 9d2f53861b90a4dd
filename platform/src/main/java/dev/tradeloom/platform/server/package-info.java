@NullMarked
package dev.tradeloom.platform.server;

import org.jspecify.annotations.NullMarked;
