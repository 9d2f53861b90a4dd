@NullMarked
package dev.tradeloom.tenant.store;

import org.jspecify.annotations.NullMarked;
