/** The edge: REST, gRPC and gRPC-Web on one port, forwarded to the core services. */
@NullMarked
package dev.tradeloom.bff;

import org.jspecify.annotations.NullMarked;
