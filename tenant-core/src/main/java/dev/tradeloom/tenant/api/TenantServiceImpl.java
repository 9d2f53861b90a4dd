package dev.tradeloom.tenant.api;

import static dev.tradeloom.platform.grpc.Replies.empty;
import static dev.tradeloom.platform.grpc.Replies.reply;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;

import com.google.protobuf.Empty;

import dev.tradeloom.platform.api.FieldMasks;
import dev.tradeloom.platform.api.Page;
import dev.tradeloom.platform.auth.AccessTokenClaims;
import dev.tradeloom.platform.auth.Callers;
import dev.tradeloom.tenant.domain.Tenants;
import dev.tradeloom.tenant.store.CompanySearchDao;
import dev.tradeloom.tenant.store.TenantChangeDao;
import dev.tradeloom.tenant.store.TenantDao;
import dev.tradeloom.tenant.v1.CompanySearchResult;
import dev.tradeloom.tenant.v1.CreateTenantRequest;
import dev.tradeloom.tenant.v1.DeleteTenantRequest;
import dev.tradeloom.tenant.v1.GetTenantRequest;
import dev.tradeloom.tenant.v1.ListMyTenantsRequest;
import dev.tradeloom.tenant.v1.ListMyTenantsResponse;
import dev.tradeloom.tenant.v1.ListTenantChangesRequest;
import dev.tradeloom.tenant.v1.ListTenantChangesResponse;
import dev.tradeloom.tenant.v1.LookupTenantRequest;
import dev.tradeloom.tenant.v1.ReactivateTenantRequest;
import dev.tradeloom.tenant.v1.SearchCompaniesRequest;
import dev.tradeloom.tenant.v1.SearchCompaniesResponse;
import dev.tradeloom.tenant.v1.SuspendTenantRequest;
import dev.tradeloom.tenant.v1.Tenant;
import dev.tradeloom.tenant.v1.TenantMembership;
import dev.tradeloom.tenant.v1.TenantServiceGrpc;
import dev.tradeloom.tenant.v1.UpdateTenantRequest;
import io.grpc.stub.StreamObserver;

/** tradeloom.tenant.v1.TenantService over {@link Tenants}. */
public final class TenantServiceImpl extends TenantServiceGrpc.TenantServiceImplBase {
    private final Tenants tenants;

    public TenantServiceImpl(Tenants tenants) {
        this.tenants = requireNonNull(tenants, "tenants");
    }

    @Override
    public void createTenant(CreateTenantRequest request, StreamObserver<Tenant> out) {
        final UUID requestId = request.getRequestId().isEmpty() ? null : UUID.fromString(request.getRequestId());
        reply(out, TenantProtos.tenant(tenants.create(Callers.required(),
                                                      TenantProtos.row(request.getTenant().toBuilder().clearId()
                                                                              .build()),
                                                      requestId)));
    }

    @Override
    public void getTenant(GetTenantRequest request, StreamObserver<Tenant> out) {
        reply(out, TenantProtos.tenant(tenants.get(Callers.current().orElse(null),
                                                   UUID.fromString(request.getTenantId()))));
    }

    @Override
    public void lookupTenant(LookupTenantRequest request, StreamObserver<Tenant> out) {
        reply(out, TenantProtos.tenant(tenants.lookup(request.getSlug())));
    }

    @Override
    public void updateTenant(UpdateTenantRequest request, StreamObserver<Tenant> out) {
        final UUID id = UUID.fromString(request.getTenant().getId());
        reply(out, TenantProtos.tenant(tenants.update(id, request.getTenant().getEtag(), current ->
                TenantProtos.row(FieldMasks.apply(TenantProtos.tenant(current), request.getTenant(),
                                                  request.getUpdateMask(), TenantProtos.READ_ONLY)))));
    }

    @Override
    public void suspendTenant(SuspendTenantRequest request, StreamObserver<Tenant> out) {
        reply(out, TenantProtos.tenant(tenants.suspend(UUID.fromString(request.getTenantId()),
                                                       request.getReason(), request.getEtag())));
    }

    @Override
    public void reactivateTenant(ReactivateTenantRequest request, StreamObserver<Tenant> out) {
        reply(out, TenantProtos.tenant(tenants.reactivate(UUID.fromString(request.getTenantId()),
                                                          request.getEtag())));
    }

    @Override
    public void deleteTenant(DeleteTenantRequest request, StreamObserver<Empty> out) {
        tenants.delete(UUID.fromString(request.getTenantId()), request.getEtag());
        empty(out);
    }

    @Override
    public void listMyTenants(ListMyTenantsRequest request, StreamObserver<ListMyTenantsResponse> out) {
        final Page<TenantDao.Membership> page = tenants.listMine(Callers.required(), request.getPageSize(),
                                                                 request.getPageToken());
        final ListMyTenantsResponse.Builder response = ListMyTenantsResponse.newBuilder()
                                                                            .setNextPageToken(page.nextPageToken());
        for (TenantDao.Membership m : page.items()) {
            response.addMemberships(TenantMembership.newBuilder()
                                                    .setTenant(TenantProtos.tenant(m.tenant()))
                                                    .setRole(AccessTokenClaims.parseRole(m.role())));
        }
        reply(out, response.build());
    }

    @Override
    public void searchCompanies(SearchCompaniesRequest request, StreamObserver<SearchCompaniesResponse> out) {
        final Page<CompanySearchDao.Hit> page = tenants.search(request.getQuery(),
                                                               TenantProtos.kindName(request.getKind()),
                                                               request.getCity().trim(), request.getCategory().trim(),
                                                               request.getPageSize(), request.getPageToken());
        final SearchCompaniesResponse.Builder response = SearchCompaniesResponse.newBuilder()
                                                                                .setNextPageToken(page.nextPageToken());
        for (CompanySearchDao.Hit hit : page.items()) {
            response.addResults(CompanySearchResult.newBuilder().setTenant(TenantProtos.tenant(hit.tenant()))
                                                   .setRank(hit.rank()));
        }
        reply(out, response.build());
    }

    @Override
    public void listTenantChanges(ListTenantChangesRequest request, StreamObserver<ListTenantChangesResponse> out) {
        final List<TenantChangeDao.Change> changes = tenants.changes(request.getAfterSeq(), request.getPageSize());
        reply(out, ListTenantChangesResponse.newBuilder()
                                            .addAllChanges(changes.stream().map(TenantProtos::change).toList())
                                            .setLastSeq(changes.isEmpty() ? request.getAfterSeq()
                                                                          : changes.get(changes.size() - 1).seq())
                                            .build());
    }
}
