@NullMarked
package dev.tradeloom.platform.grpc;

import org.jspecify.annotations.NullMarked;
