@NullMarked
package dev.tradeloom.enquiry.domain;

import org.jspecify.annotations.NullMarked;
