package dev.tradeloom.enquiry.domain;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** The products buyers can see in a supplier's catalog, as catalog-core shows them; enquiry-core keeps no copy. */
public interface Products {
    /**
     * What the catalog says of the supplier {@code tenantId}'s product {@code productId}: its name in the
     * supplier's language, {@link Lookup#MISSING} when buyers cannot see such a product (an unknown id, a
     * draft, an archived product), or null when catalog-core cannot answer now, so that an enquiry is taken
     * without the name rather than refused during its outage.
     */
    @Nullable Lookup find(UUID tenantId, UUID productId);

    /** A product buyers can see, by its name; or {@link #MISSING}. */
    record Lookup(String name) {
        public static final Lookup MISSING = new Lookup("");

        public boolean missing() {
            return name.isEmpty();
        }
    }
}
