package dev.tradeloom.tenant.api;

import static dev.tradeloom.platform.grpc.Replies.empty;
import static dev.tradeloom.platform.grpc.Replies.reply;
import static java.util.Objects.requireNonNull;

import java.util.UUID;

import com.google.protobuf.Empty;

import dev.tradeloom.platform.api.Page;
import dev.tradeloom.platform.mail.MailOutbox;
import dev.tradeloom.platform.queue.DeadJob;
import dev.tradeloom.platform.queue.Deliveries;
import dev.tradeloom.tenant.v1.FailedEmail;
import dev.tradeloom.tenant.v1.ListFailedEmailsRequest;
import dev.tradeloom.tenant.v1.ListFailedEmailsResponse;
import dev.tradeloom.tenant.v1.OperationsServiceGrpc;
import dev.tradeloom.tenant.v1.RetryEmailRequest;
import io.grpc.stub.StreamObserver;

/** Operators' view of tenant-core's emails that gave up; the contract admits platform admins only. */
public final class OperationsServiceImpl extends OperationsServiceGrpc.OperationsServiceImplBase {
    private final Deliveries deliveries;

    public OperationsServiceImpl(Deliveries deliveries) {
        this.deliveries = requireNonNull(deliveries, "deliveries");
    }

    @Override
    public void listFailedEmails(ListFailedEmailsRequest request, StreamObserver<ListFailedEmailsResponse> out) {
        final Page<DeadJob> page = deliveries.failedEverywhere(MailOutbox.QUEUE, request.getPageSize(),
                                                               request.getPageToken());
        final ListFailedEmailsResponse.Builder response = ListFailedEmailsResponse.newBuilder()
                                                                                  .setNextPageToken(
                                                                                          page.nextPageToken());
        for (DeadJob job : page.items()) {
            response.addEmails(FailedEmail.newBuilder()
                                          .setId(job.id().toString())
                                          .setSubject(job.dedupKey())
                                          .setAttempts(job.attempts())
                                          .setReason(job.lastError() == null ? "" : job.lastError())
                                          .setFailTime(AuthProtos.timestamp(job.updatedAt())));
        }
        reply(out, response.build());
    }

    @Override
    public void retryEmail(RetryEmailRequest request, StreamObserver<Empty> out) {
        deliveries.retry(UUID.fromString(request.getEmailId()));
        empty(out);
    }
}
