/** Runs every Tradeloom service in one process on embedded infrastructure, for local use. */
@NullMarked
package dev.tradeloom.launcher;

import org.jspecify.annotations.NullMarked;
