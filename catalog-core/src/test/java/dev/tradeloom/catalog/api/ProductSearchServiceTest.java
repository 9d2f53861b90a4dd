package dev.tradeloom.catalog.api;

import static dev.tradeloom.catalog.api.CatalogAssertions.assertStatus;
import static dev.tradeloom.catalog.api.CatalogAssertions.firstViolation;
import static dev.tradeloom.catalog.api.CatalogAssertions.inr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;

import dev.tradeloom.catalog.CatalogCoreTesting;
import dev.tradeloom.catalog.CatalogCoreTesting.Seller;
import dev.tradeloom.catalog.v1.Attribute;
import dev.tradeloom.catalog.v1.AttributeKind;
import dev.tradeloom.catalog.v1.AttributeServiceGrpc.AttributeServiceBlockingStub;
import dev.tradeloom.catalog.v1.AttributeValue;
import dev.tradeloom.catalog.v1.Category;
import dev.tradeloom.catalog.v1.CategoryServiceGrpc.CategoryServiceBlockingStub;
import dev.tradeloom.catalog.v1.CreateAttributeRequest;
import dev.tradeloom.catalog.v1.CreateCategoryRequest;
import dev.tradeloom.catalog.v1.CreateProductRequest;
import dev.tradeloom.catalog.v1.FacetCount;
import dev.tradeloom.catalog.v1.Product;
import dev.tradeloom.catalog.v1.ProductCard;
import dev.tradeloom.catalog.v1.ProductImage;
import dev.tradeloom.catalog.v1.ProductSearchServiceGrpc.ProductSearchServiceBlockingStub;
import dev.tradeloom.catalog.v1.ProductServiceGrpc.ProductServiceBlockingStub;
import dev.tradeloom.catalog.v1.ProductSort;
import dev.tradeloom.catalog.v1.ProductStatus;
import dev.tradeloom.catalog.v1.ProductSuggestion;
import dev.tradeloom.catalog.v1.ProductVariant;
import dev.tradeloom.catalog.v1.SearchProductsRequest;
import dev.tradeloom.catalog.v1.SearchProductsResponse;
import dev.tradeloom.catalog.v1.SuggestProductsRequest;
import dev.tradeloom.catalog.v1.Translation;
import dev.tradeloom.catalog.v1.UpdateProductRequest;
import io.grpc.Status;

/** Product search through a real gRPC client against catalog-core's real wiring. */
class ProductSearchServiceTest {
    private static CatalogCoreTesting cc;
    private static ProductSearchServiceBlockingStub buyer;

    /** Two suppliers in two cities: "Rekha" in Varanasi and "Tilak" in Surat. */
    private static Seller varanasi;
    private static Seller surat;
    private static String sarees;
    private static Product banarasi;
    private static Product katan;
    private static Product tussar;
    private static Product cotton;
    private static Product suratSilk;

    @BeforeAll
    static void start() {
        cc = new CatalogCoreTesting();
        buyer = cc.client(ProductSearchServiceBlockingStub.class, null);
        varanasi = cc.seller("rekha", "Varanasi", "en");
        surat = cc.seller("tilak", "Surat", "en");
        final AttributeServiceBlockingStub attributes = cc.client(AttributeServiceBlockingStub.class,
                                                                  varanasi.token());
        attributes.createAttribute(CreateAttributeRequest.newBuilder().setTenantId(varanasi.tenantId()).setAttribute(
                Attribute.newBuilder().setKey("fabric").setName("Fabric").setKind(AttributeKind.ATTRIBUTE_KIND_ENUM)
                         .addAllowedValues("Silk").addAllowedValues("Cotton")).build());
        sarees = cc.client(CategoryServiceBlockingStub.class, varanasi.token()).createCategory(
                CreateCategoryRequest.newBuilder().setTenantId(varanasi.tenantId())
                                     .setCategory(Category.newBuilder().setName("Sarees")).build()).getId();
        banarasi = create(varanasi, product("Banarasi silk saree", 500_000).setCategoryId(sarees)
                .addAttributes(fabric("Silk"))
                .addImages(ProductImage.newBuilder().setUrl("https://img.example/banarasi.jpg"))
                .addTranslations(Translation.newBuilder().setLanguage("hi").setName("बनारसी रेशमी साड़ी")));
        katan = create(varanasi, product("Katan weave saree", 320_000).setCategoryId(sarees)
                .addAttributes(fabric("Silk")).setDescription("Pure silk, woven in Varanasi")
                .setSalePrice(inr(280_000)));
        tussar = create(varanasi, product("Tussar dupatta", 90_000).addAttributes(fabric("Silk")));
        cotton = create(varanasi, product("Cotton saree", 60_000).setCategoryId(sarees)
                .addAttributes(fabric("Cotton")));
        suratSilk = create(surat, product("Surat silk saree", 150_000));
        // Never searchable: a draft and a sold-out product, both about silk.
        create(varanasi, product("Draft silk saree", 1).setStatus(ProductStatus.PRODUCT_STATUS_DRAFT));
        create(surat, product("Sold out silk saree", 1).setStock(0));
    }

    @AfterAll
    static void stop() {
        cc.close();
    }

    @Test
    void search_ranksNameMatchesFirst_andNeverShowsHiddenProducts() {
        final List<ProductCard> silk = search(request("silk")).getResultsList();
        // Name matches (newest first), then the product with silk only in its attributes and description.
        assertThat(ids(silk)).containsExactly(suratSilk.getId(), banarasi.getId(), tussar.getId(), katan.getId());
        final ProductCard card = silk.get(1);
        assertThat(card.getTenantId()).isEqualTo(varanasi.tenantId());
        assertThat(card.getSupplierName()).isEqualTo("Shop " + varanasi.slug());
        assertThat(card.getSupplierCity()).isEqualTo("Varanasi");
        assertThat(card.getSlug()).isEqualTo(banarasi.getSlug());
        assertThat(card.getName()).isEqualTo("Banarasi silk saree");
        assertThat(card.getPrice()).isEqualTo(inr(500_000));
        assertThat(card.hasSalePrice()).isFalse();
        assertThat(card.getImageUrl()).isEqualTo("https://img.example/banarasi.jpg");
        assertThat(card.getCategoryId()).isEqualTo(sarees);
        assertThat(card.getCategoryName()).isEqualTo("Sarees");
        assertThat(silk.get(3).getSalePrice()).isEqualTo(inr(280_000));

        final ProductCard hindi = search(request("silk").setLanguage("hi-IN")).getResults(1);
        assertThat(hindi.getName()).isEqualTo("बनारसी रेशमी साड़ी");
        assertThat(hindi.getLanguage()).isEqualTo("hi");
        assertThat(ids(search(request("रेशमी")).getResultsList())).containsExactly(banarasi.getId());
    }

    @Test
    void webSyntax_phrasesExclusionsAndOr() {
        assertThat(ids(search(request("\"silk saree\"")).getResultsList()))
                .containsExactly(suratSilk.getId(), banarasi.getId());
        assertThat(ids(search(request("saree -silk")).getResultsList())).containsExactly(cotton.getId());
        assertThat(ids(search(request("dupatta or katan")).getResultsList()))
                .containsExactlyInAnyOrder(tussar.getId(), katan.getId());
        // English stemming: "sarees" finds "saree".
        assertThat(ids(search(request("cotton sarees")).getResultsList())).containsExactly(cotton.getId());
    }

    @Test
    void filters_narrowByCategoryPriceAttributeCityAndSupplier() {
        assertThat(ids(search(request("saree").setCategoryId(sarees)).getResultsList()))
                .containsExactlyInAnyOrder(banarasi.getId(), katan.getId(), cotton.getId());
        // The sale price is what a buyer pays: Katan at 2,800 is in, its list price 3,200 is not what counts.
        assertThat(ids(search(request("").setSupplierTenantId(varanasi.tenantId()).setMinPriceMinor(100_000)
                                         .setMaxPriceMinor(300_000).setCurrency("INR")).getResultsList()))
                .containsExactly(katan.getId());
        assertThat(ids(search(request("saree").addAttributes("fabric=Silk")).getResultsList()))
                .containsExactlyInAnyOrder(banarasi.getId(), katan.getId());
        assertThat(ids(search(request("saree").addAttributes("fabric=silk")).getResultsList()))
                .containsExactlyInAnyOrder(banarasi.getId(), katan.getId());
        assertThat(ids(search(request("silk").setCity("surat")).getResultsList())).containsExactly(suratSilk.getId());
        assertThat(ids(search(request("").setSupplierTenantId(surat.tenantId())).getResultsList()))
                .containsExactly(suratSilk.getId());
        assertThat(search(request("silk").setCurrency("USD")).getResultsList()).isEmpty();
    }

    @Test
    void sorts_andPagesWithoutDuplicates() {
        final SearchProductsRequest.Builder mine = request("").setSupplierTenantId(varanasi.tenantId());
        assertThat(ids(all(mine.clone().setSort(ProductSort.PRODUCT_SORT_NEWEST))))
                .containsExactly(cotton.getId(), tussar.getId(), katan.getId(), banarasi.getId());
        assertThat(ids(all(mine.clone().setSort(ProductSort.PRODUCT_SORT_PRICE_ASC).setCurrency("INR"))))
                .containsExactly(cotton.getId(), tussar.getId(), katan.getId(), banarasi.getId());
        assertThat(ids(all(mine.clone().setSort(ProductSort.PRODUCT_SORT_PRICE_DESC).setCurrency("INR"))))
                .containsExactly(banarasi.getId(), katan.getId(), tussar.getId(), cotton.getId());
        // Minor units of two currencies do not compare: $100 is not cheaper than ₹500.
        assertThatThrownBy(() -> search(mine.clone().setSort(ProductSort.PRODUCT_SORT_PRICE_ASC)))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("currency"));
        // Relevance without a query is newest; with one, the tiers hold across pages.
        assertThat(ids(all(mine.clone()))).containsExactly(cotton.getId(), tussar.getId(), katan.getId(),
                                                           banarasi.getId());
        assertThat(ids(all(request("silk")))).containsExactly(suratSilk.getId(), banarasi.getId(), tussar.getId(),
                                                              katan.getId());
    }

    @Test
    void priceSortsAndBounds_readTheLowestPriceOfAnItemInStock_variantsIncluded() {
        final Seller jaipur = cc.seller("stoles", "Jaipur", "en");
        final Product plain = create(jaipur, product("Plain stole", 1_000));
        final Product sized = create(jaipur, product("Sized stole", 3_000).setStock(0)
                .addVariants(variant(200, 2)).addVariants(variant(9_000, 1)).addVariants(variant(100, 0)));
        final SearchProductsRequest.Builder stoles = request("").setSupplierTenantId(jaipur.tenantId())
                                                                .setCurrency("INR");
        final List<ProductCard> cheapest = all(stoles.clone().setSort(ProductSort.PRODUCT_SORT_PRICE_ASC));
        assertThat(ids(cheapest)).containsExactly(sized.getId(), plain.getId());
        // From 200: the sold-out variant at 100 does not count; the list price stays what it is.
        assertThat(cheapest.get(0).getFromPrice()).isEqualTo(inr(200));
        assertThat(cheapest.get(0).getPrice()).isEqualTo(inr(3_000));
        assertThat(cheapest.get(1).getFromPrice()).isEqualTo(inr(1_000));
        assertThat(ids(search(stoles.clone().setMinPriceMinor(150).setMaxPriceMinor(250)).getResultsList()))
                .containsExactly(sized.getId());

        // A variant's price change alone moves the product.
        final Product.Builder dearer = sized.toBuilder();
        dearer.getVariantsBuilder(0).setPriceOverride(inr(5_000));
        cc.client(ProductServiceBlockingStub.class, jaipur.token()).updateProduct(UpdateProductRequest.newBuilder()
                .setTenantId(jaipur.tenantId()).setProduct(dearer)
                .setUpdateMask(FieldMask.newBuilder().addPaths("variants")).build());
        assertThat(ids(all(stoles.clone().setSort(ProductSort.PRODUCT_SORT_PRICE_ASC))))
                .containsExactly(plain.getId(), sized.getId());
        assertThat(search(stoles.clone().setMinPriceMinor(150).setMaxPriceMinor(250)).getResultsList()).isEmpty();
    }

    @Test
    void facets_countTheMatchesByCategoryCityAndAttribute() {
        final SearchProductsResponse response = search(request("saree").setFacets(true).setPageSize(1));
        assertThat(response.getResultsCount()).isEqualTo(1);
        assertThat(response.getFacets().getCounted()).isEqualTo(4);
        assertThat(response.getFacets().getExact()).isTrue();
        assertThat(response.getFacets().getCategoriesList())
                .containsExactly(FacetCount.newBuilder().setValue(sarees).setLabel("Sarees").setCount(3)
                                           .setDepth(1).build());
        assertThat(response.getFacets().getCitiesList()).extracting(FacetCount::getValue, FacetCount::getCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Varanasi", 3L),
                                 org.assertj.core.groups.Tuple.tuple("Surat", 1L));
        assertThat(response.getFacets().getAttributesList()).extracting(FacetCount::getValue, FacetCount::getCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fabric=Silk", 2L),
                                 org.assertj.core.groups.Tuple.tuple("fabric=Cotton", 1L));
        assertThat(search(request("saree")).hasFacets()).isFalse();
    }

    @Test
    void categoryNames_onCardsAndFacets_areInTheReadersLanguage_withTheFallbacksOfEveryRead() {
        final Seller weaver = cc.seller("ikat", "Pochampally", "en");
        final CategoryServiceBlockingStub categories = cc.client(CategoryServiceBlockingStub.class,
                                                                 weaver.token());
        final String handloom = categories.createCategory(CreateCategoryRequest.newBuilder()
                .setTenantId(weaver.tenantId()).setCategory(Category.newBuilder().setName("Handloom")
                        .addTranslations(Translation.newBuilder().setLanguage("hi").setName("हथकरघा")))
                .build()).getId();
        // Stored for a region of Hindi: a reader of "hi" finds it, as a product page does.
        final String ikat = categories.createCategory(CreateCategoryRequest.newBuilder()
                .setTenantId(weaver.tenantId()).setCategory(Category.newBuilder().setName("Ikat fabrics")
                        .setParentId(handloom)
                        .addTranslations(Translation.newBuilder().setLanguage("hi-IN").setName("इकत कपड़े")))
                .build()).getId();
        create(weaver, product("Pochampally ikat", 120_000).setCategoryId(ikat));

        final SearchProductsRequest.Builder ranked = request("pochampally").setFacets(true);
        // Without a query: the newest walk, whose facets are counted by a statement of their own.
        final SearchProductsRequest.Builder newest = request("").setSupplierTenantId(weaver.tenantId())
                                                                .setFacets(true);
        for (SearchProductsRequest.Builder request : List.of(ranked, newest)) {
            assertThat(categoryNames(request.clone().setLanguage("hi")))
                    .containsExactly("इकत कपड़े", "हथकरघा", "इकत कपड़े");
            // A language the categories lack falls back to the next one asked for, then to the supplier's.
            assertThat(categoryNames(request.clone().setLanguage("mr,hi-IN")))
                    .containsExactly("इकत कपड़े", "हथकरघा", "इकत कपड़े");
            assertThat(categoryNames(request.clone().setLanguage("ta")))
                    .containsExactly("Ikat fabrics", "Handloom", "Ikat fabrics");
            assertThat(categoryNames(request.clone().setLanguage("en-IN")))
                    .containsExactly("Ikat fabrics", "Handloom", "Ikat fabrics");
            assertThat(categoryNames(request.clone()))
                    .containsExactly("Ikat fabrics", "Handloom", "Ikat fabrics");
        }
        assertThat(search(ranked.clone().setLanguage("hi")).getFacets().getCategoriesList())
                .extracting(FacetCount::getValue, FacetCount::getParentValue, FacetCount::getCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(handloom, "", 1L),
                                 org.assertj.core.groups.Tuple.tuple(ikat, handloom, 1L));

        // A supplier who writes in Hindi: English readers get the English names, Hindi readers those written.
        final Seller wardha = cc.seller("khadi", "Wardha", "hi");
        final String khadi = cc.client(CategoryServiceBlockingStub.class, wardha.token()).createCategory(
                CreateCategoryRequest.newBuilder().setTenantId(wardha.tenantId()).setCategory(
                        Category.newBuilder().setName("खादी")
                                .addTranslations(Translation.newBuilder().setLanguage("en").setName("Khadi")))
                                     .build()).getId();
        create(wardha, product("Charkha spun kurta", 80_000).setCategoryId(khadi));
        final SearchProductsRequest.Builder khadiOnly = request("").setSupplierTenantId(wardha.tenantId())
                                                                   .setFacets(true);
        assertThat(categoryNames(khadiOnly.clone().setLanguage("en-US,en"))).containsExactly("Khadi", "Khadi");
        assertThat(categoryNames(khadiOnly.clone().setLanguage("hi"))).containsExactly("खादी", "खादी");
        assertThat(categoryNames(khadiOnly.clone())).containsExactly("खादी", "खादी");
    }

    /** The first card's category name, then the category facets' labels. */
    private static List<String> categoryNames(SearchProductsRequest.Builder request) {
        final SearchProductsResponse response = search(request);
        final List<String> names = new ArrayList<>();
        names.add(response.getResults(0).getCategoryName());
        response.getFacets().getCategoriesList().forEach(f -> names.add(f.getLabel()));
        return names;
    }

    @Test
    void suggestions_completeAndForgiveTypos() {
        cc.refreshSearchTerms();
        assertThat(suggest("slik")).first().isEqualTo("silk");
        assertThat(suggest("sil")).first().isEqualTo("silk");
        assertThat(suggest("red sil")).first().isEqualTo("red silk");
        // Earlier words are corrected too, to words a search finds.
        assertThat(suggest("banarsi sil")).first().isEqualTo("banarasi silk");
        assertThat(ids(search(request("banarasi silk")).getResultsList())).containsExactly(banarasi.getId());
        assertThat(suggest("dupata")).first().isEqualTo("dupatta");
        assertThat(suggest("qqqq")).isEmpty();
        // Words of hidden products are never offered.
        assertThat(suggest("drav")).doesNotContain("draft");
        final ProductSuggestion silk = buyer.suggestProducts(SuggestProductsRequest.newBuilder().setPrefix("silk")
                                                                                   .build()).getSuggestions(0);
        assertThat(silk.getProducts()).isEqualTo(4);
    }

    @Test
    void suggestions_afterATrailingSpace_takeTheLastWordAsComplete() {
        cc.refreshSearchTerms();
        // A space typed after a word ends it: the word itself, or the word it misspells, not nothing.
        assertThat(suggest("silk ")).containsExactly("silk");
        assertThat(suggest("slik ")).containsExactly("silk");
        assertThat(suggest("katan weave ")).containsExactly("katan weave");
        assertThat(suggest("banarsi silk\t")).containsExactly("banarasi silk");
        // Whole words only: "sare" is "saree" misspelt, not the start of "sarees" too.
        assertThat(suggest("sare ")).containsExactly("saree");
        // No word is the typed one, so it was ended early: completed, as without the space.
        assertThat(suggest("cotton sa ")).isEqualTo(suggest("cotton sa")).first().isEqualTo("cotton saree");
        assertThat(buyer.suggestProducts(SuggestProductsRequest.newBuilder().setPrefix("silk ").build())
                        .getSuggestions(0).getProducts()).isEqualTo(4);
        assertThat(suggest("qqqq ")).isEmpty();
    }

    @Test
    void badInput_isInvalidArgument() {
        assertThatThrownBy(() -> search(request("silk").setMinPriceMinor(100)))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("currency"));
        assertThatThrownBy(() -> search(request("silk").setMinPriceMinor(500).setMaxPriceMinor(100)
                                                       .setCurrency("INR")))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("max_price_minor"));
        assertThatThrownBy(() -> search(request("silk").setCategoryId("nope")))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
        assertThatThrownBy(() -> search(request("silk").addAttributes("no pair")))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
        final String newestToken = search(request("").setPageSize(1).setSort(ProductSort.PRODUCT_SORT_NEWEST))
                .getNextPageToken();
        assertThatThrownBy(() -> search(request("").setPageToken(newestToken).setCurrency("INR")
                                                   .setSort(ProductSort.PRODUCT_SORT_PRICE_ASC)))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("page_token"));
        assertThatThrownBy(() -> search(request("").setPageToken("garbage!")))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("page_token"));
        // A token pages through its own search: with another query or filter, it would continue from a place in
        // other results.
        final String silkToken = search(request("silk").setPageSize(1)).getNextPageToken();
        assertThat(silkToken).isNotEmpty();
        assertThat(search(request("silk").setPageSize(1).setPageToken(silkToken)).getResultsCount()).isEqualTo(1);
        assertThatThrownBy(() -> search(request("cotton").setPageSize(1).setPageToken(silkToken)))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("page_token"));
        assertThatThrownBy(() -> search(request("silk").setCity("Surat").setPageSize(1).setPageToken(silkToken)))
                .satisfies(e -> assertThat(firstViolation(e)).isEqualTo("page_token"));
        assertThatThrownBy(() -> buyer.suggestProducts(SuggestProductsRequest.newBuilder().setPrefix("s").build()))
                .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT"));
    }

    private static List<String> suggest(String prefix) {
        return buyer.suggestProducts(SuggestProductsRequest.newBuilder().setPrefix(prefix).build())
                    .getSuggestionsList().stream().map(ProductSuggestion::getText).toList();
    }

    /** Every page, two results at a time. */
    private static List<ProductCard> all(SearchProductsRequest.Builder request) {
        final List<ProductCard> cards = new ArrayList<>();
        String token = "";
        for (int guard = 0; guard < 20; guard++) {
            final SearchProductsResponse page = search(request.clone().setPageSize(2).setPageToken(token));
            cards.addAll(page.getResultsList());
            token = page.getNextPageToken();
            if (token.isEmpty()) {
                return cards;
            }
        }
        throw new AssertionError("more than 20 pages");
    }

    private static SearchProductsResponse search(SearchProductsRequest.Builder request) {
        return buyer.searchProducts(request.build());
    }

    /** A search; the database is this class's own, so only the products made above exist. */
    private static SearchProductsRequest.Builder request(String query) {
        return SearchProductsRequest.newBuilder().setQuery(query);
    }

    private static List<String> ids(List<ProductCard> cards) {
        return cards.stream().map(ProductCard::getProductId).toList();
    }

    private static AttributeValue fabric(String value) {
        return AttributeValue.newBuilder().setKey("fabric").setValue(value).build();
    }

    private static Product.Builder product(String name, long price) {
        final String unique = UUID.randomUUID().toString().substring(0, 8);
        return Product.newBuilder().setSku("S-" + unique.toUpperCase(Locale.ROOT)).setSlug("p-" + unique)
                      .setName(name).setPrice(inr(price)).setStock(3).setStatus(ProductStatus.PRODUCT_STATUS_ACTIVE);
    }

    private static ProductVariant variant(long price, long stock) {
        final String unique = UUID.randomUUID().toString().substring(0, 8);
        return ProductVariant.newBuilder().setSku("V-" + unique.toUpperCase(Locale.ROOT)).setPriceOverride(inr(price))
                             .setStock(stock).build();
    }

    private static Product create(Seller seller, Product.Builder product) {
        return cc.client(ProductServiceBlockingStub.class, seller.token()).createProduct(
                CreateProductRequest.newBuilder().setTenantId(seller.tenantId()).setProduct(product).build());
    }
}
