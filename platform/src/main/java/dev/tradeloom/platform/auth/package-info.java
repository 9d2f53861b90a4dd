@NullMarked
package dev.tradeloom.platform.auth;

import org.jspecify.annotations.NullMarked;
