package dev.tradeloom.bff;

import org.jspecify.annotations.Nullable;

/** What an rpc does, told by its name as the contracts' standard and custom methods are named (AIP-130). */
final class MethodKinds {
    private MethodKinds() {}

    /** A read: Get…, List… or Search…. */
    static boolean isRead(@Nullable String bareName) {
        return bareName != null && (bareName.startsWith("Get") || bareName.startsWith("List")
                                    || bareName.startsWith("Search"));
    }

    /** A write of something that exists already: neither a read nor a Create…. */
    static boolean isChange(@Nullable String bareName) {
        return bareName != null && !isRead(bareName) && !bareName.startsWith("Create");
    }
}
