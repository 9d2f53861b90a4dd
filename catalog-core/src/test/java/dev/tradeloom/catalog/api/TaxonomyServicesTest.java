package dev.tradeloom.catalog.api;

import static dev.tradeloom.catalog.api.CatalogAssertions.assertStatus;
import static dev.tradeloom.catalog.api.CatalogAssertions.firstViolation;
import static dev.tradeloom.catalog.api.CatalogAssertions.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
import dev.tradeloom.catalog.v1.Category;
import dev.tradeloom.catalog.v1.CategoryServiceGrpc.CategoryServiceBlockingStub;
import dev.tradeloom.catalog.v1.CreateAttributeRequest;
import dev.tradeloom.catalog.v1.CreateCategoryRequest;
import dev.tradeloom.catalog.v1.CreateProductRequest;
import dev.tradeloom.catalog.v1.CreateTagRequest;
import dev.tradeloom.catalog.v1.DeleteCategoryRequest;
import dev.tradeloom.catalog.v1.DeleteTagRequest;
import dev.tradeloom.catalog.v1.GetCategoryRequest;
import dev.tradeloom.catalog.v1.GetProductRequest;
import dev.tradeloom.catalog.v1.GetTagRequest;
import dev.tradeloom.catalog.v1.ListCategoriesRequest;
import dev.tradeloom.catalog.v1.ListTagsRequest;
import dev.tradeloom.catalog.v1.ListTagsResponse;
import dev.tradeloom.catalog.v1.Product;
import dev.tradeloom.catalog.v1.ProductServiceGrpc.ProductServiceBlockingStub;
import dev.tradeloom.catalog.v1.Tag;
import dev.tradeloom.catalog.v1.TagServiceGrpc.TagServiceBlockingStub;
import dev.tradeloom.catalog.v1.Translation;
import dev.tradeloom.catalog.v1.UpdateAttributeRequest;
import dev.tradeloom.catalog.v1.UpdateCategoryRequest;
import dev.tradeloom.catalog.v1.UpdateTagRequest;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.testing.Eventually;
import io.grpc.Status;

/** Categories, tags and attribute definitions through real gRPC. */
class TaxonomyServicesTest {
    private static CatalogCoreTesting cc;
    private static Seller seller;
    private static CategoryServiceBlockingStub categories;
    private static TagServiceBlockingStub tags;
    private static AttributeServiceBlockingStub attributes;

    @BeforeAll
    static void start() {
        cc = new CatalogCoreTesting();
        seller = cc.seller("taxonomy", "Ludhiana", "en");
        categories = cc.client(CategoryServiceBlockingStub.class, seller.token());
        tags = cc.client(TagServiceBlockingStub.class, seller.token());
        attributes = cc.client(AttributeServiceBlockingStub.class, seller.token());
    }

    @AfterAll
    static void stop() {
        cc.close();
    }

    @Test
    void categories_formATree_withoutLoops_andParentsWithChildrenStay() {
        final Category apparel = category("Apparel", "", "166");
        final Category sarees = category("Sarees", apparel.getId(), "");
        final Category silk = category("Silk sarees", sarees.getId(), "");
        assertThat(apparel.getTaxonomyId()).isEqualTo("166");

        assertThat(categories.listCategories(ListCategoriesRequest.newBuilder().setTenantId(seller.tenantId())
                                                                  .setParentId(apparel.getId()).build())
                             .getCategoriesList()).extracting(Category::getId).containsExactly(sarees.getId());
        assertThatThrownBy(() -> categories.updateCategory(UpdateCategoryRequest.newBuilder()
                .setTenantId(seller.tenantId())
                .setCategory(Category.newBuilder().setId(apparel.getId()).setParentId(silk.getId()))
                .setUpdateMask(FieldMask.newBuilder().addPaths("parent_id")).build()))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("category.parent_id"));
        assertThatThrownBy(() -> categories.updateCategory(UpdateCategoryRequest.newBuilder()
                .setTenantId(seller.tenantId())
                .setCategory(Category.newBuilder().setId(apparel.getId()).setParentId(apparel.getId()))
                .setUpdateMask(FieldMask.newBuilder().addPaths("parent_id")).build()))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("category.parent_id"));
        assertThatThrownBy(() -> categories.deleteCategory(DeleteCategoryRequest.newBuilder()
                .setTenantId(seller.tenantId()).setCategoryId(sarees.getId()).build()))
                .satisfies(e -> assertStatus(e, Status.Code.FAILED_PRECONDITION, "CATEGORY_HAS_CHILDREN"));

        final ProductServiceBlockingStub products = cc.client(ProductServiceBlockingStub.class, seller.token());
        final Product p = products.createProduct(CreateProductRequest.newBuilder().setTenantId(seller.tenantId())
                .setProduct(product("cat").setCategoryId(silk.getId())).build());
        categories.deleteCategory(DeleteCategoryRequest.newBuilder().setTenantId(seller.tenantId())
                                                       .setCategoryId(silk.getId()).build());
        assertThat(products.getProduct(GetProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                        .setProductId(p.getId()).build()).getCategoryId()).isEmpty();
        assertThatThrownBy(() -> products.createProduct(CreateProductRequest.newBuilder()
                .setTenantId(seller.tenantId())
                .setProduct(product("nocat").setCategoryId(UUID.randomUUID().toString())).build()))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("product.category_id"));
    }

    @Test
    void categoryTranslations_followTheReadersLanguage() {
        final Category c = categories.createCategory(CreateCategoryRequest.newBuilder().setTenantId(seller.tenantId())
                .setCategory(Category.newBuilder().setName("Shawls")
                        .addTranslations(Translation.newBuilder().setLanguage("pa").setName("ਸ਼ਾਲ"))).build());
        assertThat(categories.getCategory(GetCategoryRequest.newBuilder().setTenantId(seller.tenantId())
                                                            .setCategoryId(c.getId()).setLanguage("pa").build())
                             .getLocalizedName()).isEqualTo("ਸ਼ਾਲ");
        assertThat(categories.getCategory(GetCategoryRequest.newBuilder().setTenantId(seller.tenantId())
                                                            .setCategoryId(c.getId()).setLanguage("fr").build())
                             .getLocalizedName()).isEqualTo("Shawls");
    }

    @Test
    void tags_haveUniqueNames_etags_andLeaveProductsWhenDeleted() {
        final String name = "Bridal " + UUID.randomUUID().toString().substring(0, 6);
        final Tag tag = tags.createTag(CreateTagRequest.newBuilder().setTenantId(seller.tenantId())
                                                       .setTag(Tag.newBuilder().setName(name)).build());
        assertThatThrownBy(() -> tags.createTag(CreateTagRequest.newBuilder().setTenantId(seller.tenantId())
                .setTag(Tag.newBuilder().setName(name.toUpperCase(java.util.Locale.ROOT))).build()))
                .satisfies(e -> assertStatus(e, Status.Code.ALREADY_EXISTS, "NAME_TAKEN"));
        final Tag renamed = tags.updateTag(UpdateTagRequest.newBuilder().setTenantId(seller.tenantId())
                .setTag(Tag.newBuilder().setId(tag.getId()).setEtag(tag.getEtag()).setName(name + " wear"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("name")).build());
        assertThat(renamed.getEtag()).isEqualTo("2");
        assertThatThrownBy(() -> tags.updateTag(UpdateTagRequest.newBuilder().setTenantId(seller.tenantId())
                .setTag(Tag.newBuilder().setId(tag.getId()).setEtag(tag.getEtag()).setName("stale"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("name")).build()))
                .satisfies(e -> assertStatus(e, Status.Code.ABORTED, "ETAG_MISMATCH"));

        final ProductServiceBlockingStub products = cc.client(ProductServiceBlockingStub.class, seller.token());
        final Product p = products.createProduct(CreateProductRequest.newBuilder().setTenantId(seller.tenantId())
                .setProduct(product("tagged").addTagIds(tag.getId())).build());
        assertThat(p.getTagIdsList()).containsExactly(tag.getId());
        tags.deleteTag(DeleteTagRequest.newBuilder().setTenantId(seller.tenantId()).setTagId(tag.getId()).build());
        assertThat(products.getProduct(GetProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                        .setProductId(p.getId()).build()).getTagIdsList()).isEmpty();
        assertThatThrownBy(() -> tags.getTag(GetTagRequest.newBuilder().setTenantId(seller.tenantId())
                                                          .setTagId(tag.getId()).build()))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "TAG_NOT_FOUND"));
        assertThat(tags.listTags(ListTagsRequest.newBuilder().setTenantId(seller.tenantId()).build())
                       .getTagsList()).extracting(Tag::getId).doesNotContain(tag.getId());
    }

    @Test
    void deletingATag_givesTheProductsThatCarriedItANewEtag() {
        final Tag tag = tags.createTag(CreateTagRequest.newBuilder().setTenantId(seller.tenantId())
                .setTag(Tag.newBuilder().setName("Festive " + UUID.randomUUID().toString().substring(0, 6)))
                .build());
        final ProductServiceBlockingStub products = cc.client(ProductServiceBlockingStub.class, seller.token());
        final Product p = products.createProduct(CreateProductRequest.newBuilder().setTenantId(seller.tenantId())
                .setProduct(product("untagged").addTagIds(tag.getId())).build());

        tags.deleteTag(DeleteTagRequest.newBuilder().setTenantId(seller.tenantId()).setTagId(tag.getId()).build());

        final Product after = products.getProduct(GetProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                                   .setProductId(p.getId()).build());
        assertThat(after.getTagIdsList()).isEmpty();
        assertThat(after.getEtag()).isNotEqualTo(p.getEtag());
    }

    @Test
    void deletingACategory_givesItsProductsANewEtag() {
        final Category category = category("Dupattas " + UUID.randomUUID().toString().substring(0, 6), "", "");
        final ProductServiceBlockingStub products = cc.client(ProductServiceBlockingStub.class, seller.token());
        final Product p = products.createProduct(CreateProductRequest.newBuilder().setTenantId(seller.tenantId())
                .setProduct(product("uncategorised").setCategoryId(category.getId())).build());

        categories.deleteCategory(DeleteCategoryRequest.newBuilder().setTenantId(seller.tenantId())
                                                       .setCategoryId(category.getId()).build());

        final Product after = products.getProduct(GetProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                                   .setProductId(p.getId()).build());
        assertThat(after.getCategoryId()).isEmpty();
        assertThat(after.getEtag()).isNotEqualTo(p.getEtag());
    }

    @Test
    void aDeleteRacingTheCreateOfASubcategory_isFailedPrecondition() throws Exception {
        final Category parent = category("Lehengas " + UUID.randomUUID(), "", "");
        final ExecutorService caller = Executors.newSingleThreadExecutor();
        // The subcategory is inserted and not committed yet: the delete cannot see it when it starts.
        try (Handle other = cc.app.database().jdbi().open()) {
            other.begin();
            Transactor.actAs(other, Scope.tenant(UUID.fromString(seller.tenantId())));
            other.createUpdate("""
                    insert into categories (tenant_id, id, parent_id, name)
                    values (current_setting('app.tenant_id')::uuid, :id, :parent, 'Bridal lehengas')""")
                 .bind("id", UUID.randomUUID()).bind("parent", UUID.fromString(parent.getId())).execute();
            final Future<?> delete = caller.submit(() -> categories.deleteCategory(DeleteCategoryRequest
                    .newBuilder().setTenantId(seller.tenantId()).setCategoryId(parent.getId()).build()));
            Eventually.await(Duration.ofSeconds(30), "the delete waits for the subcategory's transaction",
                             () -> cc.app.database().jdbi().withHandle(h -> h.createQuery("""
                                     select count(*) from pg_stat_activity where wait_event_type = 'Lock'""")
                                     .mapTo(Long.class).one()) == 1);
            other.commit();
            assertThatThrownBy(() -> delete.get(30, TimeUnit.SECONDS))
                    .satisfies(e -> assertStatus(e.getCause(), Status.Code.FAILED_PRECONDITION,
                                                 "CATEGORY_HAS_CHILDREN"));
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void attributes_checkTheirKind_andViewersCannotDefineThem() {
        assertThatThrownBy(() -> attributes.createAttribute(attribute("colour", AttributeKind.ATTRIBUTE_KIND_ENUM)))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("attribute.allowed_values"));
        assertThatThrownBy(() -> attributes.createAttribute(attribute("colour",
                                                                      AttributeKind.ATTRIBUTE_KIND_UNSPECIFIED)))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("attribute.kind"));
        final Attribute colour = attributes.createAttribute(attribute("colour", AttributeKind.ATTRIBUTE_KIND_ENUM)
                .toBuilder().setAttribute(attribute("colour", AttributeKind.ATTRIBUTE_KIND_ENUM).getAttribute()
                                                  .toBuilder().addAllowedValues("red").addAllowedValues("gold"))
                .build());
        assertThat(colour.getAllowedValuesList()).containsExactly("red", "gold");
        assertThatThrownBy(() -> attributes.createAttribute(attribute("colour", AttributeKind.ATTRIBUTE_KIND_TEXT)))
                .satisfies(e -> assertStatus(e, Status.Code.ALREADY_EXISTS, "KEY_TAKEN"));
        final Attribute widened = attributes.updateAttribute(UpdateAttributeRequest.newBuilder()
                .setTenantId(seller.tenantId())
                .setAttribute(colour.toBuilder().addAllowedValues("maroon"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("allowed_values")).build());
        assertThat(widened.getAllowedValuesList()).containsExactly("red", "gold", "maroon");
        assertThatThrownBy(() -> attributes.updateAttribute(UpdateAttributeRequest.newBuilder()
                .setTenantId(seller.tenantId()).setAttribute(widened.toBuilder().setKey("color"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("key")).build()))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("attribute.key"));

        final AttributeServiceBlockingStub viewer = cc.client(AttributeServiceBlockingStub.class,
                                                              cc.member(seller, Role.ROLE_VIEWER));
        assertThatThrownBy(() -> viewer.createAttribute(attribute("size", AttributeKind.ATTRIBUTE_KIND_TEXT)))
                .satisfies(e -> assertStatus(e, Status.Code.PERMISSION_DENIED, "MISSING_PERMISSION"));
    }

    @Test
    void creates_replayTheFirstResultForTheSameRequestId_andListsPage() {
        final String requestId = UUID.randomUUID().toString();
        final Category first = categories.createCategory(CreateCategoryRequest.newBuilder()
                .setTenantId(seller.tenantId()).setRequestId(requestId)
                .setCategory(Category.newBuilder().setName("Once")).build());
        final Category again = categories.createCategory(CreateCategoryRequest.newBuilder()
                .setTenantId(seller.tenantId()).setRequestId(requestId)
                .setCategory(Category.newBuilder().setName("Twice")).build());
        assertThat(again.getId()).isEqualTo(first.getId());
        assertThat(again.getName()).isEqualTo("Once");

        final Tag tag = tags.createTag(CreateTagRequest.newBuilder().setTenantId(seller.tenantId())
                .setRequestId(requestId).setTag(Tag.newBuilder().setName("Once " + requestId)).build());
        assertThat(tags.createTag(CreateTagRequest.newBuilder().setTenantId(seller.tenantId())
                .setRequestId(requestId).setTag(Tag.newBuilder().setName("Other " + requestId)).build()).getId())
                .isEqualTo(tag.getId());
        final Attribute attribute = attributes.createAttribute(attribute("once", AttributeKind.ATTRIBUTE_KIND_TEXT)
                .toBuilder().setRequestId(requestId).build());
        assertThat(attributes.createAttribute(attribute("twice", AttributeKind.ATTRIBUTE_KIND_TEXT).toBuilder()
                .setRequestId(requestId).build()).getKey()).isEqualTo(attribute.getKey());

        final Seller fresh = cc.seller("paging", "Erode", "en");
        final TagServiceBlockingStub stub = cc.client(TagServiceBlockingStub.class, fresh.token());
        for (int i = 0; i < 3; i++) {
            stub.createTag(CreateTagRequest.newBuilder().setTenantId(fresh.tenantId())
                                           .setTag(Tag.newBuilder().setName("Tag " + i)).build());
        }
        final ListTagsResponse page1 = stub.listTags(ListTagsRequest.newBuilder().setTenantId(fresh.tenantId())
                                                                    .setPageSize(2).build());
        final ListTagsResponse page2 = stub.listTags(ListTagsRequest.newBuilder().setTenantId(fresh.tenantId())
                .setPageSize(2).setPageToken(page1.getNextPageToken()).build());
        assertThat(page1.getTagsList()).extracting(Tag::getName).containsExactly("Tag 0", "Tag 1");
        assertThat(page2.getTagsList()).extracting(Tag::getName).containsExactly("Tag 2");
        assertThat(page2.getNextPageToken()).isEmpty();
    }

    @Test
    void translations_needAName_andABlankOneStoresNothing() {
        final Translation blank = Translation.newBuilder().setLanguage("hi").setName("   ").build();
        final String name = "Dupattas " + UUID.randomUUID().toString().substring(0, 6);
        assertThatThrownBy(() -> categories.createCategory(CreateCategoryRequest.newBuilder()
                .setTenantId(seller.tenantId())
                .setCategory(Category.newBuilder().setName(name).addTranslations(blank)).build()))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("category.translations[0].name"));
        assertThatThrownBy(() -> tags.createTag(CreateTagRequest.newBuilder().setTenantId(seller.tenantId())
                .setTag(Tag.newBuilder().setName(name).addTranslations(blank)).build()))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("tag.translations[0].name"));
        assertThatThrownBy(() -> attributes.createAttribute(attribute("weave", AttributeKind.ATTRIBUTE_KIND_TEXT)
                .toBuilder().setAttribute(attribute("weave", AttributeKind.ATTRIBUTE_KIND_TEXT).getAttribute()
                                                  .toBuilder().addTranslations(blank)).build()))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("attribute.translations[0].name"));
        final ProductServiceBlockingStub products = cc.client(ProductServiceBlockingStub.class, seller.token());
        assertThatThrownBy(() -> products.createProduct(CreateProductRequest.newBuilder()
                .setTenantId(seller.tenantId()).setProduct(product("blank-hi").addTranslations(
                        Translation.newBuilder().setLanguage("en").setName("Dupatta"))
                        .addTranslations(blank)).build()))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("product.translations[1].name"));

        // Nothing was stored: the same names and keys are free.
        tags.createTag(CreateTagRequest.newBuilder().setTenantId(seller.tenantId())
                                       .setTag(Tag.newBuilder().setName(name)).build());
        attributes.createAttribute(attribute("weave", AttributeKind.ATTRIBUTE_KIND_TEXT));
        products.createProduct(CreateProductRequest.newBuilder().setTenantId(seller.tenantId())
                                                   .setProduct(product("blank-hi")).build());
    }

    @Test
    void aCreateThatRacesAnotherWithTheSameRequestId_replaysTheOthersResult() throws Exception {
        final UUID requestId = UUID.randomUUID();
        final UUID earlierId = UUID.randomUUID();
        final ExecutorService caller = Executors.newSingleThreadExecutor();
        // The other call has inserted its tag and not committed yet: this call's lookup cannot see it, and its
        // insert waits on the request key until the other commits.
        try (Handle other = cc.app.database().jdbi().open()) {
            other.begin();
            Transactor.actAs(other, Scope.tenant(UUID.fromString(seller.tenantId())));
            other.createUpdate("""
                    insert into tags (tenant_id, id, name, create_request_id)
                    values (current_setting('app.tenant_id')::uuid, :id, :name, :requestId)""")
                 .bind("id", earlierId).bind("name", "Racing " + requestId).bind("requestId", requestId).execute();
            final Future<Tag> racing = caller.submit(() -> tags.createTag(CreateTagRequest.newBuilder()
                    .setTenantId(seller.tenantId()).setRequestId(requestId.toString())
                    .setTag(Tag.newBuilder().setName("Late " + requestId)).build()));
            Eventually.await(Duration.ofSeconds(30), "the racing insert waits for the other transaction",
                             () -> cc.app.database().jdbi().withHandle(h -> h.createQuery("""
                                     select count(*) from pg_stat_activity
                                      where wait_event_type = 'Lock' and query like 'insert into tags%'""")
                                     .mapTo(Long.class).one()) == 1);
            other.commit();
            final Tag replayed = racing.get(30, TimeUnit.SECONDS);
            assertThat(replayed.getId()).isEqualTo(earlierId.toString());
            assertThat(replayed.getName()).isEqualTo("Racing " + requestId);
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void twoMovesAtOnce_cannotCloseALoop() throws Exception {
        final Category x = category("Loop X", "", "");
        final Category y = category("Loop Y", "", "");
        final ExecutorService caller = Executors.newSingleThreadExecutor();
        // One move (X under Y) has not committed when the other (Y under X) checks the tree: the check
        // cannot see it, so the tree itself must refuse the second.
        try (Handle other = cc.app.database().jdbi().open()) {
            other.begin();
            Transactor.actAs(other, Scope.tenant(UUID.fromString(seller.tenantId())));
            other.createUpdate("update categories set parent_id = :parent where id = :id")
                 .bind("parent", UUID.fromString(y.getId())).bind("id", UUID.fromString(x.getId())).execute();
            final Future<Category> racing = caller.submit(() -> categories.updateCategory(
                    UpdateCategoryRequest.newBuilder().setTenantId(seller.tenantId())
                            .setCategory(Category.newBuilder().setId(y.getId()).setParentId(x.getId()))
                            .setUpdateMask(FieldMask.newBuilder().addPaths("parent_id")).build()));
            Eventually.await(Duration.ofSeconds(30), "the second move ends or waits for the first",
                             () -> racing.isDone() || cc.app.database().jdbi().withHandle(h -> h.createQuery("""
                                     select count(*) from pg_stat_activity where wait_event_type = 'Lock'""")
                                     .mapTo(Long.class).one()) == 1);
            other.commit();
            assertThatThrownBy(() -> racing.get(30, TimeUnit.SECONDS))
                    .satisfies(e -> assertThat(firstViolation(e.getCause())).isEqualTo("category.parent_id"));
        } finally {
            caller.shutdownNow();
        }
        assertThat(categories.getCategory(GetCategoryRequest.newBuilder().setTenantId(seller.tenantId())
                                                            .setCategoryId(y.getId()).build()).getParentId())
                .isEmpty();
    }

    @Test
    void aCategoryRenamedWhileOneOfItsProductsIsArchived_leavesThatProductOutOfSearch() throws Exception {
        final Category kurtas = category("Kurtas " + UUID.randomUUID(), "", "");
        final ProductServiceBlockingStub products = cc.client(ProductServiceBlockingStub.class, seller.token());
        final Product kurta = products.createProduct(CreateProductRequest.newBuilder().setTenantId(seller.tenantId())
                .setProduct(product("kurta").setCategoryId(kurtas.getId())).build());
        final UUID tenant = UUID.fromString(seller.tenantId());
        assertThat(searchRows(tenant, kurta.getId())).isEqualTo(1);
        final ExecutorService caller = Executors.newSingleThreadExecutor();
        // The archive has not committed when the rename re-projects the category's products: the rename must
        // not write the product back into search from what it read before the archive.
        try (Handle other = cc.app.database().jdbi().open()) {
            other.begin();
            Transactor.actAs(other, Scope.tenant(tenant));
            other.createUpdate("update products set status = 'archived', version = version + 1 where id = :id")
                 .bind("id", UUID.fromString(kurta.getId())).execute();
            final Future<Category> rename = caller.submit(() -> categories.updateCategory(
                    UpdateCategoryRequest.newBuilder().setTenantId(seller.tenantId())
                            .setCategory(Category.newBuilder().setId(kurtas.getId()).setName("Long kurtas"))
                            .setUpdateMask(FieldMask.newBuilder().addPaths("name")).build()));
            Eventually.await(Duration.ofSeconds(30), "the rename waits for the archive",
                             () -> cc.app.database().jdbi().withHandle(h -> h.createQuery("""
                                     select count(*) from pg_stat_activity where wait_event_type = 'Lock'""")
                                     .mapTo(Long.class).one()) == 1);
            other.commit();
            rename.get(30, TimeUnit.SECONDS);
        } finally {
            caller.shutdownNow();
        }
        assertThat(searchRows(tenant, kurta.getId())).isZero();
    }

    private static long searchRows(UUID tenant, String productId) {
        return cc.app.database().transactor().inTenant(tenant, h -> h.createQuery(
                "select count(*) from product_search where product_id = :id")
                .bind("id", UUID.fromString(productId)).mapTo(Long.class).one());
    }

    private static Category category(String name, String parentId, String taxonomyId) {
        return categories.createCategory(CreateCategoryRequest.newBuilder().setTenantId(seller.tenantId())
                .setCategory(Category.newBuilder().setName(name).setParentId(parentId).setTaxonomyId(taxonomyId))
                .build());
    }

    private static CreateAttributeRequest attribute(String key, AttributeKind kind) {
        return CreateAttributeRequest.newBuilder().setTenantId(seller.tenantId())
                                     .setAttribute(Attribute.newBuilder().setKey(key).setName(key).setKind(kind))
                                     .build();
    }
}
