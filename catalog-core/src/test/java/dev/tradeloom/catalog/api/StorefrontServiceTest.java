package dev.tradeloom.catalog.api;

import static dev.tradeloom.catalog.api.CatalogAssertions.assertStatus;
import static dev.tradeloom.catalog.api.CatalogAssertions.inr;
import static dev.tradeloom.catalog.api.CatalogAssertions.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;

import dev.tradeloom.catalog.CatalogCoreTesting;
import dev.tradeloom.catalog.CatalogCoreTesting.Seller;
import dev.tradeloom.catalog.v1.CreateProductRequest;
import dev.tradeloom.catalog.v1.GetStorefrontProductRequest;
import dev.tradeloom.catalog.v1.ListStorefrontProductsRequest;
import dev.tradeloom.catalog.v1.ListStorefrontProductsResponse;
import dev.tradeloom.catalog.v1.Product;
import dev.tradeloom.catalog.v1.ProductServiceGrpc.ProductServiceBlockingStub;
import dev.tradeloom.catalog.v1.ProductStatus;
import dev.tradeloom.catalog.v1.ProductVariant;
import dev.tradeloom.catalog.v1.StorefrontProduct;
import dev.tradeloom.catalog.v1.StorefrontServiceGrpc.StorefrontServiceBlockingStub;
import dev.tradeloom.catalog.v1.Translation;
import dev.tradeloom.catalog.v1.UpdateProductRequest;
import dev.tradeloom.tenant.v1.DeleteTenantRequest;
import dev.tradeloom.tenant.v1.GetTenantRequest;
import dev.tradeloom.tenant.v1.Tenant;
import dev.tradeloom.tenant.v1.TenantKind;
import dev.tradeloom.tenant.v1.TenantServiceGrpc.TenantServiceBlockingStub;
import dev.tradeloom.tenant.v1.UpdateTenantRequest;
import io.grpc.Status;

class StorefrontServiceTest {
    private static CatalogCoreTesting cc;
    private static StorefrontServiceBlockingStub buyer;

    @BeforeAll
    static void start() {
        cc = new CatalogCoreTesting();
        buyer = cc.client(StorefrontServiceBlockingStub.class, null);
    }

    @AfterAll
    static void stop() {
        cc.close();
    }

    @Test
    void storefront_showsOnlyActiveProductsWithStock_andTheSupplier() {
        final Seller seller = cc.seller("visible", "Varanasi", "en");
        final ProductServiceBlockingStub owner = cc.client(ProductServiceBlockingStub.class, seller.token());
        final Product onSale = create(owner, seller, product("onsale"));
        final Product draft = create(owner, seller, product("draft").setStatus(ProductStatus.PRODUCT_STATUS_DRAFT));
        final Product archived = create(owner, seller, product("old")
                .setStatus(ProductStatus.PRODUCT_STATUS_ARCHIVED));
        final Product soldOut = create(owner, seller, product("soldout").setStock(0));
        final Product variantStock = create(owner, seller, product("sized").setStock(0).addVariants(
                ProductVariant.newBuilder().setSku("SZ-" + UUID.randomUUID().toString().substring(0, 8)).setStock(1)
                              .setPriceOverride(inr(123))));

        final ListStorefrontProductsResponse page = buyer.listStorefrontProducts(
                ListStorefrontProductsRequest.newBuilder().setTenantId(seller.tenantId()).build());
        assertThat(page.getProductsList()).extracting(StorefrontProduct::getId)
                                          .containsExactly(onSale.getId(), variantStock.getId());
        final StorefrontProduct shown = page.getProducts(0);
        assertThat(shown.getSupplier().getName()).isEqualTo("Shop " + seller.slug());
        assertThat(shown.getSupplier().getCity()).isEqualTo("Varanasi");
        assertThat(shown.getInStock()).isTrue();
        assertThat(page.getProducts(1).getVariants(0).getPrice().getAmountMinor()).isEqualTo(123);

        for (Product hidden : List.of(draft, archived, soldOut)) {
            assertThatThrownBy(() -> get(seller, hidden.getId()))
                    .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "PRODUCT_NOT_FOUND"));
        }
        assertThat(get(seller, onSale.getSlug()).getId()).isEqualTo(onSale.getId());
        assertThat(get(seller, onSale.getId()).getSlug()).isEqualTo(onSale.getSlug());

        // A link shared while the product was in stock still finds it, sold out; drafts stay hidden.
        final StorefrontProduct gone = buyer.getStorefrontProduct(GetStorefrontProductRequest.newBuilder()
                .setTenantId(seller.tenantId()).setProduct(soldOut.getSlug()).setIncludeSoldOut(true).build());
        assertThat(gone.getId()).isEqualTo(soldOut.getId());
        assertThat(gone.getInStock()).isFalse();
        assertThat(gone.getSupplier().getName()).isEqualTo("Shop " + seller.slug());
        for (Product hidden : List.of(draft, archived)) {
            assertThatThrownBy(() -> buyer.getStorefrontProduct(GetStorefrontProductRequest.newBuilder()
                    .setTenantId(seller.tenantId()).setProduct(hidden.getId()).setIncludeSoldOut(true).build()))
                    .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "PRODUCT_NOT_FOUND"));
        }
        // Nor does a suspended supplier's sold-out product show.
        cc.app.database().transactor().inTenant(UUID.fromString(seller.tenantId()), h -> h.execute(
                "update suppliers set active = false where tenant_id = ?", UUID.fromString(seller.tenantId())));
        assertThatThrownBy(() -> buyer.getStorefrontProduct(GetStorefrontProductRequest.newBuilder()
                .setTenantId(seller.tenantId()).setProduct(soldOut.getId()).setIncludeSoldOut(true).build()))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "PRODUCT_NOT_FOUND"));
    }

    @Test
    void sellerChanges_showOnTheNextRequest() {
        final Seller seller = cc.seller("live", "Surat", "en");
        final ProductServiceBlockingStub owner = cc.client(ProductServiceBlockingStub.class, seller.token());
        final Product p = create(owner, seller, product("live"));
        assertThat(get(seller, p.getId()).getPrice().getAmountMinor()).isEqualTo(500_000);

        update(owner, seller, p.toBuilder().clearEtag().setPrice(inr(480_000)).build(), "price");
        assertThat(get(seller, p.getId()).getPrice().getAmountMinor()).isEqualTo(480_000);

        update(owner, seller, p.toBuilder().clearEtag().setStock(0).build(), "stock");
        assertThatThrownBy(() -> get(seller, p.getId()))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "PRODUCT_NOT_FOUND"));
        update(owner, seller, p.toBuilder().clearEtag().setStock(2).build(), "stock");
        assertThat(get(seller, p.getId()).getInStock()).isTrue();
    }

    @Test
    void deletedSupplier_hasAnEmptyStorefront_afterTheNextSync() {
        final Seller seller = cc.seller("closing", "Pune", "en");
        final ProductServiceBlockingStub owner = cc.client(ProductServiceBlockingStub.class, seller.token());
        final Product p = create(owner, seller, product("closing"));
        assertThat(get(seller, p.getId()).getId()).isEqualTo(p.getId());

        cc.tenantCore.client(TenantServiceBlockingStub.class, seller.token())
                     .deleteTenant(DeleteTenantRequest.newBuilder().setTenantId(seller.tenantId()).build());
        assertThat(cc.syncSuppliers()).isPositive();
        assertThat(buyer.listStorefrontProducts(ListStorefrontProductsRequest.newBuilder()
                                                                             .setTenantId(seller.tenantId()).build())
                        .getProductsList()).isEmpty();
        assertThatThrownBy(() -> get(seller, p.getId()))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "PRODUCT_NOT_FOUND"));
    }

    @Test
    void aTenantThatOnlyBuys_hasNoStorefront_untilItSellsAgain() {
        final Seller seller = cc.seller("buying", "Pune", "en");
        final Product p = create(cc.client(ProductServiceBlockingStub.class, seller.token()), seller,
                                 product("buying"));
        assertThat(get(seller, p.getId()).getId()).isEqualTo(p.getId());

        setKind(seller, TenantKind.TENANT_KIND_BUYER);
        assertThatThrownBy(() -> get(seller, p.getId()))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "PRODUCT_NOT_FOUND"));
        assertThat(buyer.listStorefrontProducts(ListStorefrontProductsRequest.newBuilder()
                                                                             .setTenantId(seller.tenantId()).build())
                        .getProductsList()).isEmpty();

        setKind(seller, TenantKind.TENANT_KIND_BOTH);
        assertThat(get(seller, p.getId()).getId()).isEqualTo(p.getId());
    }

    private static void setKind(Seller seller, TenantKind kind) {
        final TenantServiceBlockingStub tenants = cc.tenantCore.client(TenantServiceBlockingStub.class, seller.token());
        final Tenant tenant = tenants.getTenant(GetTenantRequest.newBuilder().setTenantId(seller.tenantId()).build());
        tenants.updateTenant(UpdateTenantRequest.newBuilder()
                .setTenant(Tenant.newBuilder().setId(seller.tenantId()).setEtag(tenant.getEtag()).setKind(kind))
                .setUpdateMask(FieldMask.newBuilder().addPaths("kind")).build());
        assertThat(cc.syncSuppliers()).isPositive();
    }

    @Test
    void storefront_speaksTheBuyersLanguage_withFallbackToTheSuppliers() {
        final Seller seller = cc.seller("bilingual", "Chennai", "ta");
        final ProductServiceBlockingStub owner = cc.client(ProductServiceBlockingStub.class, seller.token());
        final Product p = create(owner, seller, product("lang").setName("Kanchipuram saree")
                .addTranslations(Translation.newBuilder().setLanguage("ta").setName("காஞ்சிபுரம் புடவை"))
                .addTranslations(Translation.newBuilder().setLanguage("en").setName("Kanchi silk saree")));
        assertThat(get(seller, p.getId(), "en-GB").getName()).isEqualTo("Kanchi silk saree");
        final StorefrontProduct fallback = get(seller, p.getId(), "de");
        assertThat(fallback.getName()).isEqualTo("காஞ்சிபுரம் புடவை");
        assertThat(fallback.getLanguage()).isEqualTo("ta");
    }

    @Test
    void storefront_pagesAndRejectsBadTokens() {
        final Seller seller = cc.seller("pages", "Tiruppur", "en");
        final ProductServiceBlockingStub owner = cc.client(ProductServiceBlockingStub.class, seller.token());
        for (int i = 0; i < 3; i++) {
            create(owner, seller, product("p" + i));
        }
        final ListStorefrontProductsResponse first = buyer.listStorefrontProducts(
                ListStorefrontProductsRequest.newBuilder().setTenantId(seller.tenantId()).setPageSize(2).build());
        final ListStorefrontProductsResponse second = buyer.listStorefrontProducts(
                ListStorefrontProductsRequest.newBuilder().setTenantId(seller.tenantId()).setPageSize(2)
                                             .setPageToken(first.getNextPageToken()).build());
        assertThat(first.getProductsCount()).isEqualTo(2);
        assertThat(second.getProductsCount()).isEqualTo(1);
        assertThat(second.getNextPageToken()).isEmpty();
        assertThatThrownBy(() -> buyer.listStorefrontProducts(ListStorefrontProductsRequest.newBuilder()
                .setTenantId(seller.tenantId()).setPageToken("x").build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
        assertThat(buyer.listStorefrontProducts(ListStorefrontProductsRequest.newBuilder()
                .setTenantId(UUID.randomUUID().toString()).build()).getProductsList()).isEmpty();
    }

    private static Product create(ProductServiceBlockingStub owner, Seller seller, Product.Builder product) {
        return owner.createProduct(CreateProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                       .setProduct(product).build());
    }

    private static void update(ProductServiceBlockingStub owner, Seller seller, Product patch, String path) {
        owner.updateProduct(UpdateProductRequest.newBuilder().setTenantId(seller.tenantId()).setProduct(patch)
                                                .setUpdateMask(FieldMask.newBuilder().addPaths(path)).build());
    }

    private static StorefrontProduct get(Seller seller, String product) {
        return get(seller, product, "");
    }

    private static StorefrontProduct get(Seller seller, String product, String language) {
        return buyer.getStorefrontProduct(GetStorefrontProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                                     .setProduct(product).setLanguage(language)
                                                                     .build());
    }
}
