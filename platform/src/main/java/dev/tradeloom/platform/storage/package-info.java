/** Object storage on S3 or any S3-compatible server, and the image types the platform accepts. */
@NullMarked
package dev.tradeloom.platform.storage;

import org.jspecify.annotations.NullMarked;
