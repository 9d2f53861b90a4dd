package dev.tradeloom.enquiry.api;

import static dev.tradeloom.platform.grpc.Replies.empty;
import static dev.tradeloom.platform.grpc.Replies.reply;
import static java.util.Objects.requireNonNull;

import java.util.UUID;

import com.google.protobuf.Empty;

import dev.tradeloom.enquiry.domain.ZohoConnections;
import dev.tradeloom.enquiry.domain.ZohoCredentials;
import dev.tradeloom.enquiry.v1.ConnectZohoRequest;
import dev.tradeloom.enquiry.v1.CrmServiceGrpc;
import dev.tradeloom.enquiry.v1.DisconnectZohoRequest;
import dev.tradeloom.enquiry.v1.FailedDelivery;
import dev.tradeloom.enquiry.v1.GetZohoConnectionRequest;
import dev.tradeloom.enquiry.v1.ListAllFailedDeliveriesRequest;
import dev.tradeloom.enquiry.v1.ListFailedDeliveriesRequest;
import dev.tradeloom.enquiry.v1.ListFailedDeliveriesResponse;
import dev.tradeloom.enquiry.v1.RetryDeliveryRequest;
import dev.tradeloom.enquiry.v1.ZohoConnection;
import dev.tradeloom.enquiry.v1.ZohoDataCentre;
import dev.tradeloom.platform.api.Page;
import dev.tradeloom.platform.queue.DeadJob;
import dev.tradeloom.platform.queue.Deliveries;
import io.grpc.stub.StreamObserver;

/** tradeloom.enquiry.v1.CrmService over {@link ZohoConnections} and {@link Deliveries}. */
public final class CrmServiceImpl extends CrmServiceGrpc.CrmServiceImplBase {
    private final ZohoConnections connections;
    private final Deliveries deliveries;

    public CrmServiceImpl(ZohoConnections connections, Deliveries deliveries) {
        this.connections = requireNonNull(connections, "connections");
        this.deliveries = requireNonNull(deliveries, "deliveries");
    }

    @Override
    public void connectZoho(ConnectZohoRequest request, StreamObserver<ZohoConnection> out) {
        final ZohoCredentials credentials = new ZohoCredentials(
                request.getClientId(),
                dev.tradeloom.enquiry.domain.ZohoDataCentre.valueOf(
                        request.getDataCentre().name().substring("ZOHO_DATA_CENTRE_".length())),
                request.getClientSecret(), request.getRefreshToken());
        reply(out, connection(connections.connect(UUID.fromString(request.getTenantId()), credentials,
                                                  request.getExternalIdField())));
    }

    @Override
    public void getZohoConnection(GetZohoConnectionRequest request, StreamObserver<ZohoConnection> out) {
        reply(out, connection(connections.get(UUID.fromString(request.getTenantId()))));
    }

    @Override
    public void disconnectZoho(DisconnectZohoRequest request, StreamObserver<Empty> out) {
        connections.disconnect(UUID.fromString(request.getTenantId()));
        empty(out);
    }

    @Override
    public void listFailedDeliveries(ListFailedDeliveriesRequest request,
                                     StreamObserver<ListFailedDeliveriesResponse> out) {
        final Page<DeadJob> page = deliveries.failed(UUID.fromString(request.getTenantId()),
                                                     request.getPageSize(), request.getPageToken());
        reply(out, response(page));
    }

    @Override
    public void listAllFailedDeliveries(ListAllFailedDeliveriesRequest request,
                                        StreamObserver<ListFailedDeliveriesResponse> out) {
        reply(out, response(deliveries.failedEverywhere(
                request.getChannel().isEmpty() ? null : request.getChannel(), request.getPageSize(),
                request.getPageToken())));
    }

    private static ListFailedDeliveriesResponse response(Page<DeadJob> page) {
        final ListFailedDeliveriesResponse.Builder response =
                ListFailedDeliveriesResponse.newBuilder().setNextPageToken(page.nextPageToken());
        for (DeadJob job : page.items()) {
            response.addDeliveries(FailedDelivery.newBuilder()
                                                 .setId(job.id().toString())
                                                 .setTenantId(job.tenantId() == null ? ""
                                                                                     : job.tenantId().toString())
                                                 .setChannel(job.queue())
                                                 .setSubject(subject(job.dedupKey()))
                                                 .setAttempts(job.attempts())
                                                 .setReason(job.lastError() == null ? "" : job.lastError())
                                                 .setFailTime(EnquiryProtos.timestamp(job.updatedAt())));
        }
        return response.build();
    }

    @Override
    public void retryDelivery(RetryDeliveryRequest request, StreamObserver<Empty> out) {
        deliveries.retry(UUID.fromString(request.getTenantId()), UUID.fromString(request.getDeliveryId()));
        empty(out);
    }

    /** The de-duplication key without an email address in it. */
    private static String subject(String dedupKey) {
        final int at = dedupKey.indexOf('@');
        return at < 0 ? dedupKey : dedupKey.substring(0, dedupKey.lastIndexOf(':', at));
    }

    /** The connection as its owner sees it: the secrets are never part of it. */
    private static ZohoConnection connection(dev.tradeloom.enquiry.domain.ZohoConnection row) {
        return ZohoConnection.newBuilder()
                             .setTenantId(row.tenantId().toString())
                             .setClientId(row.clientId())
                             .setDataCentre(ZohoDataCentre.valueOf("ZOHO_DATA_CENTRE_"
                                                                   + row.dataCentre().name()))
                             .setExternalIdField(row.externalIdField())
                             .setCreateTime(EnquiryProtos.timestamp(row.createdAt()))
                             .setUpdateTime(EnquiryProtos.timestamp(row.updatedAt()))
                             .build();
    }
}
