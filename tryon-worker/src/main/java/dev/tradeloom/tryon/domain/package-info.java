@NullMarked
package dev.tradeloom.tryon.domain;

import org.jspecify.annotations.NullMarked;
