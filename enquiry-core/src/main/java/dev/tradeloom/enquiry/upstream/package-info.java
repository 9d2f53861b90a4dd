@NullMarked
package dev.tradeloom.enquiry.upstream;

import org.jspecify.annotations.NullMarked;
