@NullMarked
package dev.tradeloom.tenant.domain;

import org.jspecify.annotations.NullMarked;
