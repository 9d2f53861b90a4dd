@NullMarked
package dev.tradeloom.tenant.api;

import org.jspecify.annotations.NullMarked;
