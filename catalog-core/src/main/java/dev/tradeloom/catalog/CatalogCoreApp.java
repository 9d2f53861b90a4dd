package dev.tradeloom.catalog;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.server.Server;

import dev.tradeloom.catalog.domain.AbandonedUploads;
import dev.tradeloom.catalog.domain.ImageSizes;
import dev.tradeloom.catalog.domain.ProductSearch;
import dev.tradeloom.catalog.domain.Suppliers;
import dev.tradeloom.catalog.sync.ImageSizeBackfill;
import dev.tradeloom.catalog.sync.SearchTermsRefresh;
import dev.tradeloom.catalog.sync.SupplierFeed;
import dev.tradeloom.catalog.sync.UploadSweep;
import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.feed.TenantFeed;
import dev.tradeloom.platform.server.CoreServer;
import dev.tradeloom.platform.storage.ObjectStore;

/**
 * A running catalog-core: its database, its image store, its server, the supplier read-model sync and
 * its periodic chores.
 */
public final class CatalogCoreApp implements AutoCloseable {
    private final Database db;
    private final ObjectStore store;
    private final Server server;
    private final TenantFeed supplierSync;
    private final SearchTermsRefresh searchTerms;
    private final UploadSweep uploadSweep;
    private final ImageSizeBackfill imageSizes;

    private CatalogCoreApp(Database db, ObjectStore store, Server server, TenantFeed supplierSync,
                           SearchTermsRefresh searchTerms, UploadSweep uploadSweep, ImageSizeBackfill imageSizes) {
        this.db = db;
        this.store = store;
        this.server = server;
        this.supplierSync = supplierSync;
        this.searchTerms = searchTerms;
        this.uploadSweep = uploadSweep;
        this.imageSizes = imageSizes;
    }

    /**
     * Migrates the schema, opens the image bucket (creating it if missing), starts serving, starts
     * following tenant-core's change feed, recounting the words product suggestions offer, sweeping
     * image uploads never completed and recording the sizes of images recorded before sizes were read.
     */
    public static CatalogCoreApp start(CatalogCoreConfig config) {
        requireNonNull(config, "config");
        final Database db = Database.start(config.database(), CatalogCoreConfig.SCHEMA);
        final ObjectStore store = ObjectStore.start(config.storage());
        final Server server = CatalogCore.configure(CoreServer.builder(), db, store, config).build();
        server.start().join();
        final TenantFeed sync = TenantFeed.start(config.tenantCoreUrl(),
                                                 new SupplierFeed(new Suppliers(db.transactor())),
                                                 config.supplierSyncEvery(), "catalog-supplier-feed");
        final SearchTermsRefresh terms = SearchTermsRefresh.start(new ProductSearch(db.transactor()),
                                                                  config.searchTermsEvery());
        final UploadSweep uploads = UploadSweep.start(new AbandonedUploads(db.transactor(), store),
                                                      config.uploadSweepEvery());
        final ImageSizeBackfill sizes = ImageSizeBackfill.start(new ImageSizes(db.transactor(), store));
        return new CatalogCoreApp(db, store, server, sync, terms, uploads, sizes);
    }

    public int port() {
        return server.activeLocalPort();
    }

    public String uri() {
        return "http://127.0.0.1:" + port();
    }

    public Database database() {
        return db;
    }

    /** The feed behind the supplier read-model, so callers may pull it now instead of at the next tick. */
    public TenantFeed supplierSync() {
        return supplierSync;
    }

    /** The recount of suggestion words, so that callers may recount now instead of at the next tick. */
    public SearchTermsRefresh searchTerms() {
        return searchTerms;
    }

    /** The sweep of abandoned image uploads, so that callers may sweep now instead of at the next tick. */
    public UploadSweep uploadSweep() {
        return uploadSweep;
    }

    /** The backfill of image sizes, so that callers may run it now. */
    public ImageSizeBackfill imageSizes() {
        return imageSizes;
    }

    @Override
    public void close() {
        imageSizes.close();
        uploadSweep.close();
        searchTerms.close();
        supplierSync.close();
        server.stop().join();
        store.close();
        db.close();
    }
}
