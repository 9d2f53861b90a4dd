@NullMarked
package dev.tradeloom.enquiry.api;

import org.jspecify.annotations.NullMarked;
