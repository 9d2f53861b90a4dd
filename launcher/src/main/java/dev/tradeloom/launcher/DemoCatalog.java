package dev.tradeloom.launcher;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import com.linecorp.armeria.client.grpc.GrpcClientBuilder;
import com.linecorp.armeria.client.grpc.GrpcClients;

import dev.tradeloom.catalog.v1.Attribute;
import dev.tradeloom.catalog.v1.AttributeKind;
import dev.tradeloom.catalog.v1.AttributeServiceGrpc.AttributeServiceBlockingStub;
import dev.tradeloom.catalog.v1.AttributeValue;
import dev.tradeloom.catalog.v1.Category;
import dev.tradeloom.catalog.v1.CategoryServiceGrpc.CategoryServiceBlockingStub;
import dev.tradeloom.catalog.v1.CreateAttributeRequest;
import dev.tradeloom.catalog.v1.CreateCategoryRequest;
import dev.tradeloom.catalog.v1.CreateProductRequest;
import dev.tradeloom.catalog.v1.CreateTagRequest;
import dev.tradeloom.catalog.v1.Image;
import dev.tradeloom.catalog.v1.ImageServiceGrpc.ImageServiceBlockingStub;
import dev.tradeloom.catalog.v1.Money;
import dev.tradeloom.catalog.v1.Product;
import dev.tradeloom.catalog.v1.ProductImage;
import dev.tradeloom.catalog.v1.ProductServiceGrpc.ProductServiceBlockingStub;
import dev.tradeloom.catalog.v1.ProductStatus;
import dev.tradeloom.catalog.v1.ProductVariant;
import dev.tradeloom.catalog.v1.Tag;
import dev.tradeloom.catalog.v1.TagServiceGrpc.TagServiceBlockingStub;
import dev.tradeloom.catalog.v1.Translation;
import dev.tradeloom.catalog.v1.UpdateProductRequest;
import dev.tradeloom.catalog.v1.UploadImageRequest;
import dev.tradeloom.launcher.DemoAssortment.Item;
import dev.tradeloom.launcher.DemoAssortment.Line;
import dev.tradeloom.launcher.DemoAssortment.Supplier;
import dev.tradeloom.launcher.DemoAssortment.Word;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Loads the {@link DemoAssortment} of each demo supplier through catalog-core's API: categories, tags,
 * attribute definitions, then products with variants, Hindi translations and a swatch picture. Every
 * create carries a request id derived from what it creates, and a picture is uploaded only for a
 * product that has none, so loading again — even after an interrupted load — changes nothing.
 */
final class DemoCatalog {
    private final ProductServiceBlockingStub products;
    private final CategoryServiceBlockingStub categories;
    private final TagServiceBlockingStub tags;
    private final AttributeServiceBlockingStub attributes;
    private final ImageServiceBlockingStub images;

    private DemoCatalog(String catalogCoreUri, String accessToken) {
        final GrpcClientBuilder client = GrpcClients.builder(catalogCoreUri)
                                                    .addHeader("authorization", "Bearer " + accessToken);
        products = client.build(ProductServiceBlockingStub.class);
        categories = client.build(CategoryServiceBlockingStub.class);
        tags = client.build(TagServiceBlockingStub.class);
        attributes = client.build(AttributeServiceBlockingStub.class);
        images = client.build(ImageServiceBlockingStub.class);
    }

    /** Loads the catalog of each supplier in {@code tenantIds} (slug → id) that has one; returns the products. */
    static int load(String catalogCoreUri, String accessToken, Map<String, String> tenantIds) {
        final DemoCatalog catalog = new DemoCatalog(catalogCoreUri, accessToken);
        int count = 0;
        for (Map.Entry<String, String> tenant : tenantIds.entrySet()) {
            final Supplier supplier = DemoAssortment.SUPPLIERS.get(tenant.getKey());
            if (supplier != null) {
                count += catalog.loadSupplier(tenant.getValue(), supplier);
            }
        }
        return count;
    }

    private int loadSupplier(String tenantId, Supplier supplier) {
        final Map<String, String> categoryIds = new HashMap<>();
        for (Line line : supplier.lines()) {
            categoryIds.computeIfAbsent(line.category().en(), n -> createCategory(tenantId, line.category()));
        }
        final Map<String, String> tagIds = new HashMap<>();
        for (Word tag : DemoAssortment.TAGS) {
            tagIds.put(tag.en(), createTag(tenantId, tag));
        }
        createEnumAttribute(tenantId, "fabric", new Word("Fabric", "कपड़ा"), DemoAssortment.fabrics(supplier));
        createEnumAttribute(tenantId, "colour", new Word("Colour", "रंग"),
                            DemoAssortment.PALETTE.stream().map(c -> c.name().en()).toList());
        final Set<String> sizes = DemoAssortment.sizes(supplier);
        if (!sizes.isEmpty()) {
            createEnumAttribute(tenantId, "size", new Word("Size", "साइज़"), sizes);
        }
        final List<Item> items = DemoAssortment.items(supplier);
        int loaded = 0;
        for (int i = 0; i < items.size(); i++) {
            final Item item = items.get(i);
            final Product created;
            try {
                created = products.createProduct(CreateProductRequest.newBuilder()
                        .setTenantId(tenantId).setRequestId(requestId(item.sku()))
                        .setProduct(product(item, categoryIds.get(item.line().category().en()), tagIds))
                        .build());
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
                    continue; // The supplier made a product with this SKU or slug itself: theirs stays.
                }
                throw e;
            }
            loaded++;
            if (created.getImagesCount() == 0) {
                addPicture(tenantId, created, item, i);
            }
        }
        return loaded;
    }

    private void addPicture(String tenantId, Product product, Item item, int index) {
        final Image image = images.uploadImage(UploadImageRequest.newBuilder().setTenantId(tenantId)
                .setData(ByteString.copyFrom(DemoSwatch.png(item.line().pattern(), item.colour().rgb(), index)))
                .build());
        products.updateProduct(UpdateProductRequest.newBuilder().setTenantId(tenantId)
                .setProduct(Product.newBuilder().setId(product.getId()).setEtag(product.getEtag())
                                   .addImages(ProductImage.newBuilder().setKey(image.getKey())
                                                          .setAltText(item.name().en())))
                .setUpdateMask(FieldMask.newBuilder().addPaths("images"))
                .build());
    }

    private static Product product(Item item, String categoryId, Map<String, String> tagIds) {
        final Product.Builder product = Product.newBuilder()
                .setSku(item.sku()).setSlug(item.slug()).setName(item.name().en())
                .setDescription(item.description().en()).setCategoryId(categoryId)
                .addAllTagIds(item.tags().stream().map(tag -> tagIds.get(tag.en())).toList())
                .addAttributes(attribute("fabric", item.fabric().en()))
                .addAttributes(attribute("colour", item.colour().name().en()))
                .setPrice(inr(item.priceMinor()))
                .setStock(item.stock())
                .setStatus(item.draft() ? ProductStatus.PRODUCT_STATUS_DRAFT
                                        : ProductStatus.PRODUCT_STATUS_ACTIVE)
                .addTranslations(Translation.newBuilder().setLanguage("hi").setName(item.name().hi())
                                            .setDescription(item.description().hi()));
        if (item.salePriceMinor() != null) {
            product.setSalePrice(inr(item.salePriceMinor()));
        }
        final List<String> sizes = item.line().sizes();
        for (int s = 0; s < sizes.size(); s++) {
            product.addVariants(ProductVariant.newBuilder()
                    .setSku(item.sku() + '-' + sizes.get(s))
                    .addAttributes(attribute("size", sizes.get(s)))
                    .setStock(item.sizeStock().get(s)));
        }
        return product.build();
    }

    private String createCategory(String tenantId, Word name) {
        return categories.createCategory(CreateCategoryRequest.newBuilder()
                .setTenantId(tenantId).setRequestId(requestId("category:" + name.en()))
                .setCategory(Category.newBuilder().setName(name.en()).addTranslations(hindi(name)))
                .build()).getId();
    }

    private String createTag(String tenantId, Word name) {
        return tags.createTag(CreateTagRequest.newBuilder()
                .setTenantId(tenantId).setRequestId(requestId("tag:" + name.en()))
                .setTag(Tag.newBuilder().setName(name.en()).addTranslations(hindi(name)))
                .build()).getId();
    }

    private void createEnumAttribute(String tenantId, String key, Word name, Collection<String> values) {
        attributes.createAttribute(CreateAttributeRequest.newBuilder()
                .setTenantId(tenantId).setRequestId(requestId("attribute:" + key))
                .setAttribute(Attribute.newBuilder().setKey(key).setName(name.en())
                                       .setKind(AttributeKind.ATTRIBUTE_KIND_ENUM).addAllAllowedValues(values)
                                       .addTranslations(hindi(name)))
                .build());
    }

    private static Translation hindi(Word word) {
        return Translation.newBuilder().setLanguage("hi").setName(word.hi()).build();
    }

    private static AttributeValue attribute(String key, String value) {
        return AttributeValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static Money inr(long minor) {
        return Money.newBuilder().setAmountMinor(minor).setCurrency("INR").build();
    }

    /** Request ids are kept per tenant, so a name unique within the supplier's catalog is enough. */
    private static String requestId(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
