@NullMarked
package dev.tradeloom.enquiry.store;

import org.jspecify.annotations.NullMarked;
