/** Load benchmarks: each prints its figures; results are recorded in bench/RESULTS.md. */
@NullMarked
package dev.tradeloom.bench;

import org.jspecify.annotations.NullMarked;
