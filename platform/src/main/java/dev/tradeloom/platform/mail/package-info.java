@NullMarked
package dev.tradeloom.platform.mail;

import org.jspecify.annotations.NullMarked;
