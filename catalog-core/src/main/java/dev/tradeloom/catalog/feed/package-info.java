/** The Meta catalog feed over plain HTTP: token lookup, validators and the streamed RSS document. */
@NullMarked
package dev.tradeloom.catalog.feed;

import org.jspecify.annotations.NullMarked;
