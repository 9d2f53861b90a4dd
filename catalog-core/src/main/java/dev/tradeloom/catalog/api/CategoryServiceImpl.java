package dev.tradeloom.catalog.api;

import static dev.tradeloom.catalog.api.CommonProtos.id;
import static dev.tradeloom.platform.grpc.Replies.empty;
import static dev.tradeloom.platform.grpc.Replies.reply;
import static java.util.Objects.requireNonNull;

import java.util.UUID;
import java.util.function.UnaryOperator;

import com.google.protobuf.Empty;

import dev.tradeloom.catalog.domain.Translated;
import dev.tradeloom.catalog.domain.Categories;
import dev.tradeloom.catalog.store.CategoryRow;
import dev.tradeloom.catalog.v1.Category;
import dev.tradeloom.catalog.v1.CategoryServiceGrpc;
import dev.tradeloom.catalog.v1.CreateCategoryRequest;
import dev.tradeloom.catalog.v1.DeleteCategoryRequest;
import dev.tradeloom.catalog.v1.GetCategoryRequest;
import dev.tradeloom.catalog.v1.ListCategoriesRequest;
import dev.tradeloom.catalog.v1.ListCategoriesResponse;
import dev.tradeloom.catalog.v1.UpdateCategoryRequest;
import dev.tradeloom.platform.api.FieldMasks;
import dev.tradeloom.platform.api.Page;
import io.grpc.stub.StreamObserver;

/** tradeloom.catalog.v1.CategoryService over {@link Categories}. */
public final class CategoryServiceImpl extends CategoryServiceGrpc.CategoryServiceImplBase {
    private final Categories categories;

    public CategoryServiceImpl(Categories categories) {
        this.categories = requireNonNull(categories, "categories");
    }

    @Override
    public void createCategory(CreateCategoryRequest request, StreamObserver<Category> out) {
        reply(out, CategoryProtos.category(categories.create(id(request.getTenantId()),
                                                   CategoryProtos.draft(request.getCategory()),
                                                   CommonProtos.requestId(request.getRequestId()))));
    }

    @Override
    public void getCategory(GetCategoryRequest request, StreamObserver<Category> out) {
        reply(out, CategoryProtos.category(categories.get(id(request.getTenantId()), id(request.getCategoryId()),
                                                request.getLanguage())));
    }

    @Override
    public void listCategories(ListCategoriesRequest request, StreamObserver<ListCategoriesResponse> out) {
        final Page<Translated<CategoryRow>> page = categories.list(
                id(request.getTenantId()), CommonProtos.optionalId(request.getParentId()), request.getPageSize(),
                request.getPageToken(), request.getLanguage());
        reply(out, ListCategoriesResponse.newBuilder()
                .addAllCategories(page.items().stream().map(CategoryProtos::category).toList())
                .setNextPageToken(page.nextPageToken()).build());
    }

    @Override
    public void updateCategory(UpdateCategoryRequest request, StreamObserver<Category> out) {
        final UUID categoryId = CommonProtos.requiredId(request.getCategory().getId(), "category.id");
        final UnaryOperator<Translated<CategoryRow>> change = current -> CategoryProtos.draft(
                FieldMasks.apply(CategoryProtos.category(current), request.getCategory(), request.getUpdateMask(),
                                 CategoryProtos.READ_ONLY));
        reply(out, CategoryProtos.category(categories.update(id(request.getTenantId()), categoryId,
                                                request.getCategory().getEtag(), change)));
    }

    @Override
    public void deleteCategory(DeleteCategoryRequest request, StreamObserver<Empty> out) {
        categories.delete(id(request.getTenantId()), id(request.getCategoryId()), request.getEtag());
        empty(out);
    }
}
