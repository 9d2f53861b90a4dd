package dev.tradeloom.catalog;

import static java.util.Objects.requireNonNull;

import dev.tradeloom.catalog.api.AttributeServiceImpl;
import dev.tradeloom.catalog.api.CategoryServiceImpl;
import dev.tradeloom.catalog.api.FeedServiceImpl;
import dev.tradeloom.catalog.api.ImageLinkService;
import dev.tradeloom.catalog.api.ImageServiceImpl;
import dev.tradeloom.catalog.api.ProductSearchServiceImpl;
import dev.tradeloom.catalog.api.ProductServiceImpl;
import dev.tradeloom.catalog.api.StorefrontServiceImpl;
import dev.tradeloom.catalog.api.TagServiceImpl;
import dev.tradeloom.catalog.domain.Attributes;
import dev.tradeloom.catalog.domain.Categories;
import dev.tradeloom.catalog.domain.Images;
import dev.tradeloom.catalog.domain.MetaFeeds;
import dev.tradeloom.catalog.domain.ProductSearch;
import dev.tradeloom.catalog.domain.Products;
import dev.tradeloom.catalog.domain.Storefront;
import dev.tradeloom.catalog.domain.Tags;
import dev.tradeloom.catalog.feed.MetaFeedService;
import dev.tradeloom.catalog.store.AttributeDao;
import dev.tradeloom.catalog.store.CategoryDao;
import dev.tradeloom.catalog.store.ImageDao;
import dev.tradeloom.catalog.store.ImageUploadDao;
import dev.tradeloom.catalog.store.MetaFeedDao;
import dev.tradeloom.catalog.store.ProductDao;
import dev.tradeloom.catalog.store.ProductSearchDao;
import dev.tradeloom.catalog.store.SupplierDao;
import dev.tradeloom.catalog.store.TagDao;
import dev.tradeloom.catalog.store.TranslationDao;
import dev.tradeloom.platform.auth.TokenVerifier;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.db.SqlObjects;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.server.CoreServer;
import dev.tradeloom.platform.storage.ObjectStore;

/** catalog-core's wiring, shared by {@link CatalogCoreMain}, the launcher and the tests. */
public final class CatalogCore {
    private CatalogCore() {}

    /** Room for the rest of an UploadImage request besides the image itself. */
    private static final int UPLOAD_OVERHEAD_BYTES = 64 * 1024;

    /**
     * Adds catalog-core's services, the Meta feed and image link routes, token verification and readiness to
     * {@code server}.
     */
    public static CoreServer configure(CoreServer server, Database db, ObjectStore store,
                                       CatalogCoreConfig config) {
        requireNonNull(server, "server");
        requireNonNull(db, "db");
        requireNonNull(store, "store");
        requireNonNull(config, "config");
        SqlObjects.prepare(db.jdbi(), AttributeDao.class, CategoryDao.class, ImageDao.class,
                           ImageUploadDao.class, MetaFeedDao.class, ProductDao.class, ProductSearchDao.class,
                           SupplierDao.class, TagDao.class, TranslationDao.class);
        final Transactor tx = db.transactor();
        final Images images = new Images(tx, store, config.publicBaseUrl());
        final MetaFeeds metaFeeds = new MetaFeeds(tx);
        // UploadImage carries a whole image: the largest accepted one must fit in a request.
        final long maxRequest = Math.max(10L * 1024 * 1024, images.maxBytes() + UPLOAD_OVERHEAD_BYTES);
        return server.port(config.port())
                     .service(new ProductServiceImpl(new Products(tx), images))
                     .service(new ImageServiceImpl(images))
                     .service(new CategoryServiceImpl(new Categories(tx)))
                     .service(new TagServiceImpl(new Tags(tx)))
                     .service(new AttributeServiceImpl(new Attributes(tx)))
                     .service(new StorefrontServiceImpl(new Storefront(tx), images))
                     .service(new ProductSearchServiceImpl(new ProductSearch(tx), images))
                     .service(new FeedServiceImpl(metaFeeds, config.publicBaseUrl()))
                     .configure(sb -> sb.maxRequestLength(maxRequest))
                     // The feed itself is plain HTTP: Meta fetches XML, not gRPC.
                     .configure(sb -> MetaFeedService.route(sb, metaFeeds, images, config.publicBaseUrl()))
                     // Image links of the public host, passed on by the edge: redirects to presigned GETs.
                     .configure(sb -> ImageLinkService.route(sb, images))
                     // Memberships come from the token, verified against tenant-core's published keys.
                     .tokenVerifier(TokenVerifier.fromJwksUrl(config.jwksUrl()))
                     .readiness(db::isHealthy);
    }
}
