@NullMarked
package dev.tradeloom.enquiry;

import org.jspecify.annotations.NullMarked;
