package dev.tradeloom.catalog.domain;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tradeloom.catalog.store.ImageDao;
import dev.tradeloom.catalog.store.ImageDao.ImageRef;
import dev.tradeloom.catalog.store.ProductDao;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.storage.ImageProbe;
import dev.tradeloom.platform.storage.ImageSize;
import dev.tradeloom.platform.storage.ObjectStore;

/**
 * The sizes of images recorded before sizes were read: read from each one's header in the store and recorded,
 * so that Meta's feed leaves out those under 500×500 pixels like the ones uploaded since.
 */
public final class ImageSizes {
    private static final Logger logger = LoggerFactory.getLogger(ImageSizes.class);
    private static final int BATCH = 200;
    private static final UUID FIRST = new UUID(0, 0);

    private final Transactor tx;
    private final ObjectStore store;

    public ImageSizes(Transactor tx, ObjectStore store) {
        this.tx = requireNonNull(tx, "tx");
        this.store = requireNonNull(store, "store");
    }

    /**
     * Records the size of every image of every tenant that has none, and refreshes which images of the products
     * showing them the feed leaves out; returns how many sizes were recorded. An image whose file is gone or
     * whose header cannot be read is logged and left without a size. Safe alongside another run: a size is
     * recorded once.
     */
    public int recordMissing() {
        int recorded = 0;
        UUID after = FIRST;
        while (true) {
            final UUID from = after;
            final List<ImageRef> unsized = tx.inSystem(h -> h.attach(ImageDao.class).unsized(from, BATCH));
            if (unsized.isEmpty()) {
                return recorded;
            }
            recorded += record(unsized);
            after = unsized.get(unsized.size() - 1).id();
        }
    }

    /** Reads the sizes of {@code images} and records them, in one transaction per tenant. */
    private int record(List<ImageRef> images) {
        final Map<UUID, List<Sized>> byTenant = new LinkedHashMap<>();
        for (ImageRef image : images) {
            read(image).ifPresent(size -> byTenant.computeIfAbsent(image.tenantId(), t -> new ArrayList<>())
                                                  .add(new Sized(image, size)));
        }
        int recorded = 0;
        for (Map.Entry<UUID, List<Sized>> tenant : byTenant.entrySet()) {
            recorded += tx.inTenant(tenant.getKey(), h -> {
                final ImageDao dao = h.attach(ImageDao.class);
                final List<String> keys = new ArrayList<>();
                for (Sized sized : tenant.getValue()) {
                    if (dao.recordSize(tenant.getKey(), sized.image().id(), sized.size())) {
                        keys.add(sized.image().key());
                    }
                }
                if (!keys.isEmpty()) {
                    h.attach(ProductDao.class).refreshMetaSmallImages(tenant.getKey(), keys.toArray(String[]::new));
                }
                return keys.size();
            });
        }
        return recorded;
    }

    private Optional<ImageSize> read(ImageRef image) {
        final Optional<ImageSize> size = store.head(image.key())
                                              .flatMap(info -> ImageProbe.probe(store, image.key(), info))
                                              .flatMap(ImageProbe.Found::size);
        if (size.isEmpty()) {
            logger.warn("The size of image {} of tenant {} cannot be read: its file is gone or damaged",
                        image.key(), image.tenantId());
        }
        return size;
    }

    private record Sized(ImageRef image, ImageSize size) {}
}
