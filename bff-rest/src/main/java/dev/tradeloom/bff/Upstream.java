package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import java.util.List;

import dev.tradeloom.catalog.v1.AttributeServiceGrpc;
import dev.tradeloom.catalog.v1.CategoryServiceGrpc;
import dev.tradeloom.catalog.v1.FeedServiceGrpc;
import dev.tradeloom.catalog.v1.ImageServiceGrpc;
import dev.tradeloom.catalog.v1.ProductSearchServiceGrpc;
import dev.tradeloom.catalog.v1.ProductServiceGrpc;
import dev.tradeloom.catalog.v1.StorefrontServiceGrpc;
import dev.tradeloom.catalog.v1.TagServiceGrpc;
import dev.tradeloom.enquiry.v1.CrmServiceGrpc;
import dev.tradeloom.enquiry.v1.EnquiryServiceGrpc;
import dev.tradeloom.enquiry.v1.NotificationSettingsServiceGrpc;
import dev.tradeloom.tenant.v1.AuthServiceGrpc;
import dev.tradeloom.tenant.v1.ContactServiceGrpc;
import dev.tradeloom.tenant.v1.MemberServiceGrpc;
import dev.tradeloom.tenant.v1.OperationsServiceGrpc;
import dev.tradeloom.tenant.v1.TenantServiceGrpc;
import dev.tradeloom.tryon.v1.TryOnServiceGrpc;
import io.grpc.ServiceDescriptor;

/** A core service the edge forwards to: where it listens and which contracts it serves. */
public record Upstream(String name, String url, List<ServiceDescriptor> services) {

    public Upstream {
        requireNonNull(name, "name");
        requireNonNull(url, "url");
        services = List.copyOf(services);
    }

    /** Every core service of the configuration. A new service is one more line here. */
    static List<Upstream> all(BffConfig config) {
        return List.of(new Upstream("tenant-core", config.tenantCoreUrl(),
                                    List.of(AuthServiceGrpc.getServiceDescriptor(),
                                            TenantServiceGrpc.getServiceDescriptor(),
                                            MemberServiceGrpc.getServiceDescriptor(),
                                            ContactServiceGrpc.getServiceDescriptor(),
                                            OperationsServiceGrpc.getServiceDescriptor())),
                       new Upstream("catalog-core", config.catalogCoreUrl(),
                                    List.of(ProductServiceGrpc.getServiceDescriptor(),
                                            CategoryServiceGrpc.getServiceDescriptor(),
                                            TagServiceGrpc.getServiceDescriptor(),
                                            AttributeServiceGrpc.getServiceDescriptor(),
                                            StorefrontServiceGrpc.getServiceDescriptor(),
                                            ProductSearchServiceGrpc.getServiceDescriptor(),
                                            ImageServiceGrpc.getServiceDescriptor(),
                                            FeedServiceGrpc.getServiceDescriptor())),
                       new Upstream("enquiry-core", config.enquiryCoreUrl(),
                                    List.of(EnquiryServiceGrpc.getServiceDescriptor(),
                                            NotificationSettingsServiceGrpc.getServiceDescriptor(),
                                            CrmServiceGrpc.getServiceDescriptor())),
                       new Upstream("tryon-worker", config.tryonUrl(),
                                    List.of(TryOnServiceGrpc.getServiceDescriptor())));
    }
}
