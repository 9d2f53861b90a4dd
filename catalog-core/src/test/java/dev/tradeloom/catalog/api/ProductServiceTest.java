package dev.tradeloom.catalog.api;

import static dev.tradeloom.catalog.api.CatalogAssertions.assertStatus;
import static dev.tradeloom.catalog.api.CatalogAssertions.firstViolation;
import static dev.tradeloom.catalog.api.CatalogAssertions.inr;
import static dev.tradeloom.catalog.api.CatalogAssertions.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;

import dev.tradeloom.api.v1.Role;
import dev.tradeloom.catalog.CatalogCoreTesting;
import dev.tradeloom.catalog.CatalogCoreTesting.Seller;
import dev.tradeloom.catalog.v1.Attribute;
import dev.tradeloom.catalog.v1.AttributeKind;
import dev.tradeloom.catalog.v1.AttributeServiceGrpc.AttributeServiceBlockingStub;
import dev.tradeloom.catalog.v1.AttributeValue;
import dev.tradeloom.catalog.v1.CreateAttributeRequest;
import dev.tradeloom.catalog.v1.CreateProductRequest;
import dev.tradeloom.catalog.v1.CreateTagRequest;
import dev.tradeloom.catalog.v1.DeleteAttributeRequest;
import dev.tradeloom.catalog.v1.DeleteProductRequest;
import dev.tradeloom.catalog.v1.GetProductRequest;
import dev.tradeloom.catalog.v1.ListProductsRequest;
import dev.tradeloom.catalog.v1.ListProductsResponse;
import dev.tradeloom.catalog.v1.Product;
import dev.tradeloom.catalog.v1.ProductServiceGrpc.ProductServiceBlockingStub;
import dev.tradeloom.catalog.v1.ProductStatus;
import dev.tradeloom.catalog.v1.ProductVariant;
import dev.tradeloom.catalog.v1.Tag;
import dev.tradeloom.catalog.v1.TagServiceGrpc.TagServiceBlockingStub;
import dev.tradeloom.catalog.v1.Translation;
import dev.tradeloom.catalog.v1.UpdateAttributeRequest;
import dev.tradeloom.catalog.v1.UpdateProductRequest;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.testing.Eventually;
import io.grpc.Status;

class ProductServiceTest {
    private static CatalogCoreTesting cc;
    private static Seller seller;
    private static ProductServiceBlockingStub owner;

    @BeforeAll
    static void start() {
        cc = new CatalogCoreTesting();
        seller = cc.seller("weaver", "Varanasi", "en");
        owner = cc.client(ProductServiceBlockingStub.class, seller.token());
    }

    @AfterAll
    static void stop() {
        cc.close();
    }

    @Test
    void createProduct_thenGet_returnsEverythingGroupedUnderIt() {
        final Product created = owner.createProduct(create(product("get")
                .setSalePrice(inr(450_000))
                .addImages(dev.tradeloom.catalog.v1.ProductImage.newBuilder().setUrl("https://cdn.example/a.jpg")
                                                                .setAltText("front"))
                .addImages(dev.tradeloom.catalog.v1.ProductImage.newBuilder().setUrl("https://cdn.example/b.jpg"))
                .addVariants(variant("S", 2, 0))
                .addVariants(variant("M", 0, 520_000))));
        assertThat(created.getId()).isNotEmpty();
        assertThat(created.getTenantId()).isEqualTo(seller.tenantId());
        assertThat(created.getEtag()).isEqualTo("1");
        assertThat(created.getVariantsList()).extracting(ProductVariant::getId).doesNotContain("").hasSize(2);
        assertThat(created.getVariants(1).getPriceOverride().getAmountMinor()).isEqualTo(520_000);
        assertThat(created.getVariants(0).hasPriceOverride()).isFalse();

        final Product read = owner.getProduct(GetProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                               .setProductId(created.getId()).build());
        assertThat(read).isEqualTo(created);
        assertThat(read.getSalePrice().getAmountMinor()).isEqualTo(450_000);
        assertThat(read.getImagesList()).extracting(i -> i.getUrl())
                                        .containsExactly("https://cdn.example/a.jpg", "https://cdn.example/b.jpg");
        assertThat(read.getLocalizedName()).isEqualTo(read.getName());
        assertThat(read.getLocalizedLanguage()).isEqualTo("en");
    }

    @Test
    void createProduct_sameRequestIdTwice_returnsTheFirstProduct() {
        final String requestId = UUID.randomUUID().toString();
        final Product first = owner.createProduct(create(product("idem")).toBuilder().setRequestId(requestId)
                                                                          .build());
        final Product again = owner.createProduct(create(product("idem-other")).toBuilder().setRequestId(requestId)
                                                                                .build());
        assertThat(again.getId()).isEqualTo(first.getId());
        assertThat(again.getSku()).isEqualTo(first.getSku());
    }

    @Test
    void aRetryRacingTheCreateItRepeats_replaysIt_ratherThanFindingItsSkuTaken() throws Exception {
        final Product.Builder draft = product("retried");
        final String requestId = UUID.randomUUID().toString();
        final UUID firstId = UUID.randomUUID();
        final ExecutorService caller = Executors.newSingleThreadExecutor();
        // The first call has inserted its product and not committed yet when the client, timed out, retries.
        try (Handle first = cc.app.database().jdbi().open()) {
            first.begin();
            Transactor.actAs(first, Scope.tenant(UUID.fromString(seller.tenantId())));
            first.createUpdate("""
                    insert into products (tenant_id, id, sku, slug, name, price_minor, currency, create_request_id)
                    values (current_setting('app.tenant_id')::uuid, :id, :sku, :slug, :name, 100, 'INR', :request)""")
                 .bind("id", firstId).bind("sku", draft.getSku()).bind("slug", draft.getSlug())
                 .bind("name", draft.getName()).bind("request", UUID.fromString(requestId)).execute();
            final Future<Product> retry = caller.submit(() -> owner.createProduct(
                    create(draft).toBuilder().setRequestId(requestId).build()));
            Eventually.await(Duration.ofSeconds(30), "the retry waits for the first call's transaction",
                             () -> cc.app.database().jdbi().withHandle(h -> h.createQuery("""
                                     select count(*) from pg_stat_activity where wait_event_type = 'Lock'""")
                                     .mapTo(Long.class).one()) == 1);
            first.commit();
            assertThat(retry.get(30, TimeUnit.SECONDS).getId()).isEqualTo(firstId.toString());
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void createProduct_badInput_isInvalidArgumentNamingTheField_andTakenSkuIsAlreadyExists() {
        assertThatThrownBy(() -> owner.createProduct(create(product("nosku").clearSku())))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("product.sku"));
        assertThatThrownBy(() -> owner.createProduct(create(product("noprice").clearPrice())))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("product.price"));
        assertThatThrownBy(() -> owner.createProduct(create(product("neg").setStock(-1))))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
        assertThatThrownBy(() -> owner.createProduct(create(product("cur").setPrice(inr(5).toBuilder()
                                                                                  .setCurrency("inr")))))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("product.price.currency"));
        assertThatThrownBy(() -> owner.createProduct(create(product("sale").setSalePrice(inr(600_000)))))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("product.sale_price"));
        assertThatThrownBy(() -> owner.createProduct(create(product("attr").addAttributes(
                AttributeValue.newBuilder().setKey("undefined_key").setValue("x")))))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("product.attributes[0].key"));

        final Product taken = owner.createProduct(create(product("taken")));
        assertThatThrownBy(() -> owner.createProduct(create(product("taken2").setSku(taken.getSku()))))
                .satisfies(e -> assertStatus(e, Status.Code.ALREADY_EXISTS, "SKU_TAKEN"));
        assertThatThrownBy(() -> owner.createProduct(create(product("taken3").setSlug(taken.getSlug()))))
                .satisfies(e -> assertStatus(e, Status.Code.ALREADY_EXISTS, "SLUG_TAKEN"));
    }

    @Test
    void aTagIdListedTwice_inAnotherLetterCase_isInvalidArgumentNamingTheField() {
        final TagServiceBlockingStub tags = cc.client(TagServiceBlockingStub.class, seller.token());
        final Tag tag = tags.createTag(CreateTagRequest.newBuilder().setTenantId(seller.tenantId())
                .setTag(Tag.newBuilder().setName("Zari " + UUID.randomUUID().toString().substring(0, 6))).build());
        final String upper = tag.getId().toUpperCase(Locale.ROOT);

        assertThatThrownBy(() -> owner.createProduct(create(product("twice").addTagIds(tag.getId())
                                                                            .addTagIds(upper))))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("product.tag_ids[1]"));
        final Product p = owner.createProduct(create(product("once").addTagIds(upper)));
        assertThat(p.getTagIdsList()).containsExactly(tag.getId());
        assertThatThrownBy(() -> owner.updateProduct(UpdateProductRequest.newBuilder()
                .setTenantId(seller.tenantId())
                .setProduct(Product.newBuilder().setId(p.getId()).addTagIds(upper).addTagIds(tag.getId()))
                .setUpdateMask(FieldMask.newBuilder().addPaths("tag_ids")).build()))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("product.tag_ids[1]"));
    }

    @Test
    void attributeValues_mustSuitTheirDefinition() {
        final AttributeServiceBlockingStub attributes = cc.client(AttributeServiceBlockingStub.class, seller.token());
        final String fabric = "fabric_" + UUID.randomUUID().toString().substring(0, 6);
        attributes.createAttribute(CreateAttributeRequest.newBuilder().setTenantId(seller.tenantId()).setAttribute(
                Attribute.newBuilder().setKey(fabric).setName("Fabric").setKind(AttributeKind.ATTRIBUTE_KIND_ENUM)
                         .addAllowedValues("silk").addAllowedValues("cotton")).build());
        final String width = "width_" + UUID.randomUUID().toString().substring(0, 6);
        attributes.createAttribute(CreateAttributeRequest.newBuilder().setTenantId(seller.tenantId()).setAttribute(
                Attribute.newBuilder().setKey(width).setName("Width (m)")
                         .setKind(AttributeKind.ATTRIBUTE_KIND_NUMBER)).build());

        final Product ok = owner.createProduct(create(product("attrs")
                .addAttributes(AttributeValue.newBuilder().setKey(fabric).setValue("silk"))
                .addAttributes(AttributeValue.newBuilder().setKey(width).setValue("5.5"))));
        assertThat(ok.getAttributesList()).extracting(AttributeValue::getValue).containsExactly("silk", "5.5");
        assertThatThrownBy(() -> owner.createProduct(create(product("wool").addAttributes(
                AttributeValue.newBuilder().setKey(fabric).setValue("wool")))))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("product.attributes[0].value"));
        assertThatThrownBy(() -> owner.createProduct(create(product("nan").addVariants(variant("L", 1, 0)
                .addAttributes(AttributeValue.newBuilder().setKey(width).setValue("wide"))))))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("product.variants[0].attributes[0].value"));
    }

    @Test
    void numbersInDigitsOfOtherScripts_areStoredInAsciiDigits_asTheDatabaseReadsNumbers() {
        final AttributeServiceBlockingStub attributes = cc.client(AttributeServiceBlockingStub.class, seller.token());
        final String length = "length_" + UUID.randomUUID().toString().substring(0, 6);
        final Attribute definition = attributes.createAttribute(CreateAttributeRequest.newBuilder()
                .setTenantId(seller.tenantId()).setAttribute(Attribute.newBuilder().setKey(length)
                        .setName("Length").setKind(AttributeKind.ATTRIBUTE_KIND_NUMBER)).build());
        // Devanagari and Arabic-Indic digits, as suppliers type them.
        final Product created = owner.createProduct(create(product("digits")
                .addAttributes(AttributeValue.newBuilder().setKey(length).setValue("५.५"))
                .addVariants(variant("L", 1, 0).addAttributes(AttributeValue.newBuilder().setKey(length)
                                                                            .setValue("١٢")))));
        // The database judges numbers when a definition narrows (text to number here): it keeps what was
        // stored, where it took the digits of other scripts for no number.
        for (AttributeKind kind : List.of(AttributeKind.ATTRIBUTE_KIND_TEXT,
                                          AttributeKind.ATTRIBUTE_KIND_NUMBER)) {
            attributes.updateAttribute(UpdateAttributeRequest.newBuilder().setTenantId(seller.tenantId())
                    .setAttribute(definition.toBuilder().setKind(kind).setEtag(""))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("kind")).build());
        }
        final Product read = owner.getProduct(GetProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                               .setProductId(created.getId()).build());
        assertThat(read.getAttributesList()).extracting(AttributeValue::getValue).containsExactly("5.5");
        assertThat(read.getVariants(0).getAttributesList()).extracting(AttributeValue::getValue)
                .containsExactly("12");
        assertThat(created.getAttributes(0).getValue()).isEqualTo("5.5");
        assertThat(created.getVariants(0).getAttributes(0).getValue()).isEqualTo("12");
        // A separator other than '.' is no number in any script: refused, saying what to send.
        assertThatThrownBy(() -> owner.createProduct(create(product("comma").addAttributes(
                AttributeValue.newBuilder().setKey(length).setValue("١٢٫٥")))))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("product.attributes[0].value"))
                .hasMessageContaining("12.5");
    }

    @Test
    void narrowedOrDeletedDefinition_takesItsValuesFromProducts_andNewValuesMustSuitIt() {
        final AttributeServiceBlockingStub attributes = cc.client(AttributeServiceBlockingStub.class, seller.token());
        final String fabric = "fabric_" + UUID.randomUUID().toString().substring(0, 6);
        final Attribute fabricDefinition = attributes.createAttribute(CreateAttributeRequest.newBuilder()
                .setTenantId(seller.tenantId()).setAttribute(Attribute.newBuilder().setKey(fabric).setName("Fabric")
                        .setKind(AttributeKind.ATTRIBUTE_KIND_ENUM).addAllowedValues("silk")
                        .addAllowedValues("cotton")).build());
        final String width = "width_" + UUID.randomUUID().toString().substring(0, 6);
        final Attribute widthDefinition = attributes.createAttribute(CreateAttributeRequest.newBuilder()
                .setTenantId(seller.tenantId()).setAttribute(Attribute.newBuilder().setKey(width).setName("Width")
                        .setKind(AttributeKind.ATTRIBUTE_KIND_NUMBER)).build());
        final Product created = owner.createProduct(create(product("kept")
                .addAttributes(AttributeValue.newBuilder().setKey(fabric).setValue("silk"))
                .addVariants(variant("L", 1, 0).addAttributes(AttributeValue.newBuilder().setKey(width)
                                                                            .setValue("5.5")))));
        // Silk is no longer offered, and widths are no longer recorded: the product holds neither, at a new etag.
        attributes.updateAttribute(UpdateAttributeRequest.newBuilder().setTenantId(seller.tenantId())
                .setAttribute(fabricDefinition.toBuilder().clearAllowedValues().addAllowedValues("cotton"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("allowed_values")).build());
        attributes.deleteAttribute(DeleteAttributeRequest.newBuilder().setTenantId(seller.tenantId())
                                                         .setAttributeId(widthDefinition.getId()).build());
        final Product read = owner.getProduct(GetProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                               .setProductId(created.getId()).build());
        assertThat(read.getAttributesList()).isEmpty();
        assertThat(read.getVariants(0).getAttributesList()).isEmpty();
        assertThat(read.getEtag()).isNotEqualTo(created.getEtag());
        assertThatThrownBy(() -> owner.updateProduct(update(created.toBuilder().setStock(40).build(), "stock")))
                .satisfies(e -> assertStatus(e, Status.Code.ABORTED, "ETAG_MISMATCH"));

        final Product restocked = owner.updateProduct(update(Product.newBuilder().setId(created.getId())
                .setEtag(read.getEtag()).setStock(40).addAllVariants(read.getVariantsList()).build(),
                                                             "stock", "variants"));
        assertThat(restocked.getStock()).isEqualTo(40);
        assertThatThrownBy(() -> owner.updateProduct(update(Product.newBuilder().setId(created.getId())
                .addAttributes(AttributeValue.newBuilder().setKey(fabric).setValue("silk")).build(),
                                                            "attributes")))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("product.attributes[0].value"));
        assertThatThrownBy(() -> owner.updateProduct(update(Product.newBuilder().setId(created.getId())
                .addVariants(restocked.getVariants(0).toBuilder().clearAttributes().addAttributes(
                        AttributeValue.newBuilder().setKey(width).setValue("6"))).build(), "variants")))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("product.variants[0].attributes[0].key"));
        assertThat(owner.updateProduct(update(Product.newBuilder().setId(created.getId())
                .addAttributes(AttributeValue.newBuilder().setKey(fabric).setValue("cotton")).build(),
                                              "attributes")).getAttributes(0).getValue()).isEqualTo("cotton");
    }

    @Test
    void updateProduct_appliesOnlyMaskedFields_keepsVariantIds_andStaleEtagIsAborted() {
        final Product created = owner.createProduct(create(product("mask").addVariants(variant("S", 1, 0))
                                                                         .addVariants(variant("M", 1, 0))));
        final ProductVariant kept = created.getVariants(1);
        final Product patch = Product.newBuilder().setId(created.getId()).setEtag(created.getEtag())
                                     .setPrice(inr(610_000)).setName("ignored, not in the mask")
                                     .addVariants(kept.toBuilder().setStock(9))
                                     .addVariants(variant("XL", 3, 0)).build();
        final Product updated = owner.updateProduct(update(patch, "price", "variants"));
        assertThat(updated.getPrice().getAmountMinor()).isEqualTo(610_000);
        assertThat(updated.getName()).isEqualTo(created.getName());
        assertThat(updated.getEtag()).isEqualTo("2");
        assertThat(updated.getVariantsList()).hasSize(2);
        assertThat(updated.getVariants(0).getId()).isEqualTo(kept.getId());
        assertThat(updated.getVariants(0).getStock()).isEqualTo(9);
        assertThat(updated.getVariants(1).getId()).isNotIn(created.getVariants(0).getId(), kept.getId(), "");

        assertThatThrownBy(() -> owner.updateProduct(update(patch, "price")))
                .satisfies(e -> assertStatus(e, Status.Code.ABORTED, "ETAG_MISMATCH"));
        assertThatThrownBy(() -> owner.updateProduct(update(patch.toBuilder().clearEtag().build(), "etag")))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
        final Product foreignVariant = patch.toBuilder().clearEtag().clearVariants()
                .addVariants(variant("Z", 1, 0).setId(UUID.randomUUID().toString())).build();
        assertThatThrownBy(() -> owner.updateProduct(update(foreignVariant, "variants")))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("product.variants[0].id"));
        // One stored variant named twice would be saved once, the other entry lost without a word.
        final Product twice = patch.toBuilder().clearEtag().clearVariants()
                .addVariants(updated.getVariants(0).toBuilder().setSku(updated.getVariants(0).getSku() + "-A"))
                .addVariants(updated.getVariants(0).toBuilder().setSku(updated.getVariants(0).getSku() + "-B"))
                .build();
        assertThatThrownBy(() -> owner.updateProduct(update(twice, "variants")))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("product.variants[1].id"));
        final Product removeSale = owner.updateProduct(update(Product.newBuilder().setId(created.getId()).build(),
                                                              "sale_price", "status"));
        assertThat(removeSale.hasSalePrice()).isFalse();
        assertThat(removeSale.getStatus()).isEqualTo(ProductStatus.PRODUCT_STATUS_DRAFT);
    }

    @Test
    void updateProduct_variantsMaySwapSkus_butNotTakeAnotherProductsSku() {
        final Product created = owner.createProduct(create(product("swap").addVariants(variant("S", 1, 0))
                                                                         .addVariants(variant("M", 1, 0))));
        final ProductVariant s = created.getVariants(0);
        final ProductVariant m = created.getVariants(1);
        final Product swapped = owner.updateProduct(update(Product.newBuilder().setId(created.getId())
                .addVariants(s.toBuilder().setSku(m.getSku())).addVariants(m.toBuilder().setSku(s.getSku()))
                .build(), "variants"));
        assertThat(swapped.getVariantsList()).extracting(ProductVariant::getId, ProductVariant::getSku)
                                             .containsExactly(tuple(s.getId(), m.getSku()),
                                                              tuple(m.getId(), s.getSku()));

        final Product other = owner.createProduct(create(product("other").addVariants(variant("L", 1, 0))));
        final Product taking = Product.newBuilder().setId(created.getId())
                .addVariants(swapped.getVariants(0).toBuilder().setSku(other.getVariants(0).getSku())).build();
        assertThatThrownBy(() -> owner.updateProduct(update(taking, "variants")))
                .satisfies(e -> assertThat(Status.fromThrowable(e).getCode())
                        .isEqualTo(Status.Code.ALREADY_EXISTS));
        assertThat(owner.getProduct(GetProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                     .setProductId(created.getId()).build()).getVariantsList())
                .isEqualTo(swapped.getVariantsList());
    }

    @Test
    void aSku_namesTheItemsOfOneProduct_acrossProductsAndVariants() {
        final Product sized = owner.createProduct(create(product("sized").addVariants(variant("S", 1, 0))));
        final String variantSku = sized.getVariants(0).getSku();
        assertThatThrownBy(() -> owner.createProduct(create(product("plain").setSku(variantSku))))
                .satisfies(e -> assertStatus(e, Status.Code.ALREADY_EXISTS, "SKU_TAKEN"));
        final Product plain = owner.createProduct(create(product("plain")));
        assertThatThrownBy(() -> owner.createProduct(create(product("other").addVariants(
                variant("M", 1, 0).setSku(plain.getSku())))))
                .satisfies(e -> assertStatus(e, Status.Code.ALREADY_EXISTS, "SKU_TAKEN"));
        assertThatThrownBy(() -> owner.updateProduct(update(Product.newBuilder().setId(sized.getId())
                .addVariants(sized.getVariants(0).toBuilder().setSku(plain.getSku())).build(), "variants")))
                .satisfies(e -> assertStatus(e, Status.Code.ALREADY_EXISTS, "SKU_TAKEN"));

        // A product's own variant may carry the product's SKU, and saves of it go on working.
        final Product grouped = owner.createProduct(create(product("grouped").addVariants(
                variant("L", 1, 0).setSku(variantSku + "-G"))));
        final Product renamed = owner.updateProduct(update(Product.newBuilder().setId(grouped.getId())
                .addVariants(grouped.getVariants(0).toBuilder().setSku(grouped.getSku())).build(), "variants"));
        assertThat(renamed.getVariants(0).getSku()).isEqualTo(grouped.getSku());
        assertThat(owner.updateProduct(update(renamed.toBuilder().setStock(9).build(), "stock")).getStock())
                .isEqualTo(9);
    }

    @Test
    void aSkuSavedConcurrentlyForTwoProducts_isRefusedToTheOneThatCommitsSecond() throws Exception {
        final String sku = "RACE-" + UUID.randomUUID().toString().substring(0, 8);
        final ExecutorService caller = Executors.newSingleThreadExecutor();
        // The other transaction has inserted a product with the SKU and not committed yet: this call cannot
        // see it, and waits on the tenant's SKU lock until the other commits.
        try (Handle other = cc.app.database().jdbi().open()) {
            other.begin();
            Transactor.actAs(other, Scope.tenant(UUID.fromString(seller.tenantId())));
            other.createUpdate("""
                    insert into products (tenant_id, id, sku, slug, name, price_minor, currency)
                    values (current_setting('app.tenant_id')::uuid, :id, :sku, lower(:sku), 'Racing', 100, 'INR')""")
                 .bind("id", UUID.randomUUID()).bind("sku", sku).execute();
            final Future<Product> racing = caller.submit(() -> owner.createProduct(create(
                    product("racing").addVariants(variant("S", 1, 0).setSku(sku)))));
            Eventually.await(Duration.ofSeconds(30), "the racing save waits for the other transaction",
                             () -> cc.app.database().jdbi().withHandle(h -> h.createQuery("""
                                     select count(*) from pg_stat_activity
                                      where wait_event_type = 'Lock' and wait_event = 'advisory'""")
                                     .mapTo(Long.class).one()) == 1);
            other.commit();
            assertThatThrownBy(() -> racing.get(30, TimeUnit.SECONDS))
                    .satisfies(e -> assertStatus(e.getCause(), Status.Code.ALREADY_EXISTS, "SKU_TAKEN"));
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void deleteProduct_removesIt_andChecksTheEtag() {
        final Product created = owner.createProduct(create(product("del").addVariants(variant("S", 1, 0))));
        assertThatThrownBy(() -> owner.deleteProduct(DeleteProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                                         .setProductId(created.getId()).setEtag("7")
                                                                         .build()))
                .satisfies(e -> assertStatus(e, Status.Code.ABORTED, "ETAG_MISMATCH"));
        owner.deleteProduct(DeleteProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                .setProductId(created.getId()).build());
        assertThatThrownBy(() -> owner.getProduct(GetProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                                   .setProductId(created.getId()).build()))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "PRODUCT_NOT_FOUND"));
    }

    @Test
    void aDeleteWithTheEtag_racingAnUpdate_isStale() throws Exception {
        final Product created = owner.createProduct(create(product("del-race")));
        final ExecutorService caller = Executors.newSingleThreadExecutor();
        // An update has not committed when the delete checks the etag: the delete passes its check on the
        // version it read, waits on the row, and must then find the product changed.
        try (Handle other = cc.app.database().jdbi().open()) {
            other.begin();
            Transactor.actAs(other, Scope.tenant(UUID.fromString(seller.tenantId())));
            other.createUpdate("update products set name = 'Renamed', version = version + 1 where id = :id")
                 .bind("id", UUID.fromString(created.getId())).execute();
            final Future<?> delete = caller.submit(() -> owner.deleteProduct(DeleteProductRequest.newBuilder()
                    .setTenantId(seller.tenantId()).setProductId(created.getId()).setEtag(created.getEtag()).build()));
            Eventually.await(Duration.ofSeconds(30), "the delete waits for the update",
                             () -> cc.app.database().jdbi().withHandle(h -> h.createQuery("""
                                     select count(*) from pg_stat_activity where wait_event_type = 'Lock'""")
                                     .mapTo(Long.class).one()) == 1);
            other.commit();
            assertThatThrownBy(() -> delete.get(30, TimeUnit.SECONDS))
                    .satisfies(e -> assertStatus(e.getCause(), Status.Code.ABORTED, "ETAG_MISMATCH"));
        } finally {
            caller.shutdownNow();
        }
        assertThat(owner.getProduct(GetProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                     .setProductId(created.getId()).build()).getName())
                .isEqualTo("Renamed");
    }

    @Test
    void listProducts_pagesWithoutRepeatsOrGaps() {
        final Seller busy = cc.seller("busy", "Surat", "en");
        final ProductServiceBlockingStub stub = cc.client(ProductServiceBlockingStub.class, busy.token());
        final List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(stub.createProduct(CreateProductRequest.newBuilder().setTenantId(busy.tenantId())
                                                           .setProduct(product("page" + i)).build()).getId());
        }
        final ListProductsResponse first = stub.listProducts(ListProductsRequest.newBuilder()
                .setTenantId(busy.tenantId()).setPageSize(3).build());
        final ListProductsResponse second = stub.listProducts(ListProductsRequest.newBuilder()
                .setTenantId(busy.tenantId()).setPageSize(3).setPageToken(first.getNextPageToken()).build());
        final List<String> seen = new ArrayList<>();
        first.getProductsList().forEach(p -> seen.add(p.getId()));
        second.getProductsList().forEach(p -> seen.add(p.getId()));
        assertThat(seen).containsExactlyElementsOf(ids);
        assertThat(first.getNextPageToken()).isNotEmpty();
        assertThat(second.getNextPageToken()).isEmpty();
        assertThatThrownBy(() -> stub.listProducts(ListProductsRequest.newBuilder().setTenantId(busy.tenantId())
                                                                      .setPageToken("garbage").build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
        assertThatThrownBy(() -> stub.listProducts(ListProductsRequest.newBuilder().setTenantId(busy.tenantId())
                                                                      .setPageSize(-1).build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
    }

    @Test
    void permissions_viewerReadsButCannotWrite_strangersGet403_evenForUnknownIds() {
        final Product created = owner.createProduct(create(product("perm")));
        final ProductServiceBlockingStub viewer = cc.client(ProductServiceBlockingStub.class,
                                                            cc.member(seller, Role.ROLE_VIEWER));
        assertThat(viewer.getProduct(GetProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                      .setProductId(created.getId()).build()).getId())
                .isEqualTo(created.getId());
        assertThatThrownBy(() -> viewer.createProduct(create(product("viewer"))))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
        final ProductServiceBlockingStub manager = cc.client(ProductServiceBlockingStub.class,
                                                             cc.member(seller, Role.ROLE_CATALOG_MANAGER));
        assertThat(manager.createProduct(create(product("manager"))).getId()).isNotEmpty();

        final ProductServiceBlockingStub stranger = cc.client(ProductServiceBlockingStub.class,
                cc.tenantCore.signUp(dev.tradeloom.tenant.TenantCoreTesting.newEmail("stranger")));
        assertThatThrownBy(() -> stranger.getProduct(GetProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                                      .setProductId(created.getId()).build()))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
        assertThatThrownBy(() -> stranger.getProduct(GetProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                                      .setProductId(UUID.randomUUID().toString())
                                                                      .build()))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
        final ProductServiceBlockingStub anonymous = cc.client(ProductServiceBlockingStub.class, null);
        assertThatThrownBy(() -> anonymous.listProducts(ListProductsRequest.newBuilder()
                                                                           .setTenantId(seller.tenantId()).build()))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "SIGN_IN_REQUIRED"));
    }

    @Test
    void reads_pickTheRequestedLanguage_thenTheTenantDefault_thenTheBaseFields() {
        final Seller hindi = cc.seller("hindi", "Jaipur", "hi");
        final ProductServiceBlockingStub stub = cc.client(ProductServiceBlockingStub.class, hindi.token());
        final Product translated = stub.createProduct(CreateProductRequest.newBuilder().setTenantId(hindi.tenantId())
                .setProduct(product("lang").setName("Bandhani dupatta")
                        .addTranslations(Translation.newBuilder().setLanguage("hi").setName("बांधनी दुपट्टा")
                                                    .setDescription("हाथ से बंधा"))
                        .addTranslations(Translation.newBuilder().setLanguage("ta").setName("பந்தனி துப்பட்டா")))
                .build());
        assertThat(read(stub, hindi, translated, "ta").getLocalizedName()).isEqualTo("பந்தனி துப்பட்டா");
        assertThat(read(stub, hindi, translated, "hi-IN").getLocalizedName()).isEqualTo("बांधनी दुपट्टा");
        final Product fallback = read(stub, hindi, translated, "fr");
        assertThat(fallback.getLocalizedName()).isEqualTo("बांधनी दुपट्टा");
        assertThat(fallback.getLocalizedLanguage()).isEqualTo("hi");
        assertThat(fallback.getName()).isEqualTo("Bandhani dupatta");

        final Product plain = stub.createProduct(CreateProductRequest.newBuilder().setTenantId(hindi.tenantId())
                                                                     .setProduct(product("plain")).build());
        final Product base = read(stub, hindi, plain, "fr");
        assertThat(base.getLocalizedName()).isEqualTo(plain.getName());
        assertThat(base.getLocalizedLanguage()).isEqualTo("hi");

        // Writes upsert: the list sent replaces the stored translations.
        final Product retranslated = stub.updateProduct(UpdateProductRequest.newBuilder()
                .setTenantId(hindi.tenantId())
                .setProduct(Product.newBuilder().setId(translated.getId())
                                   .addTranslations(Translation.newBuilder().setLanguage("hi").setName("नया नाम")))
                .setUpdateMask(FieldMask.newBuilder().addPaths("translations")).build());
        assertThat(retranslated.getTranslationsList()).extracting(Translation::getName).containsExactly("नया नाम");
        assertThatThrownBy(() -> stub.updateProduct(UpdateProductRequest.newBuilder().setTenantId(hindi.tenantId())
                .setProduct(Product.newBuilder().setId(translated.getId())
                                   .addTranslations(Translation.newBuilder().setLanguage("hi").setName("a"))
                                   .addTranslations(Translation.newBuilder().setLanguage("HI").setName("b")))
                .setUpdateMask(FieldMask.newBuilder().addPaths("translations")).build()))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("product.translations"));
    }

    @Test
    void reads_takeSeveralLanguagesInOrderOfPreference_andTheFirstTheProductHasWins() {
        final Seller english = cc.seller("ranked", "Surat", "en");
        final ProductServiceBlockingStub stub = cc.client(ProductServiceBlockingStub.class, english.token());
        final Product translated = stub.createProduct(CreateProductRequest.newBuilder().setTenantId(english.tenantId())
                .setProduct(product("ranked").setName("Bandhani dupatta")
                        .addTranslations(Translation.newBuilder().setLanguage("hi").setName("बांधनी दुपट्टा"))
                        .addTranslations(Translation.newBuilder().setLanguage("ta").setName("பந்தனி துப்பட்டா")))
                .build());
        assertThat(read(stub, english, translated, "mr,ta,hi").getLocalizedName()).isEqualTo("பந்தனி துப்பட்டா");
        final Product hindi = read(stub, english, translated, "mr-IN, hi-IN");
        assertThat(hindi.getLocalizedName()).isEqualTo("बांधनी दुपट्टा");
        assertThat(hindi.getLocalizedLanguage()).isEqualTo("hi");
        final Product neither = read(stub, english, translated, "mr,fr");
        assertThat(neither.getLocalizedName()).isEqualTo("Bandhani dupatta");
        assertThat(neither.getLocalizedLanguage()).isEqualTo("en");
    }

    private static Product read(ProductServiceBlockingStub stub, Seller s, Product p, String language) {
        return stub.getProduct(GetProductRequest.newBuilder().setTenantId(s.tenantId()).setProductId(p.getId())
                                                .setLanguage(language).build());
    }

    static CreateProductRequest create(Product.Builder product) {
        return CreateProductRequest.newBuilder().setTenantId(seller.tenantId()).setProduct(product).build();
    }

    static UpdateProductRequest update(Product patch, String... paths) {
        return UpdateProductRequest.newBuilder().setTenantId(seller.tenantId()).setProduct(patch)
                                   .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths))).build();
    }

    static ProductVariant.Builder variant(String size, long stock, long priceOverride) {
        final ProductVariant.Builder v = ProductVariant.newBuilder()
                .setSku("V-" + size + '-' + UUID.randomUUID().toString().substring(0, 8)).setStock(stock);
        if (priceOverride > 0) {
            v.setPriceOverride(inr(priceOverride));
        }
        return v;
    }
}
