package dev.tradeloom.tryon.api;

import static dev.tradeloom.platform.grpc.Replies.reply;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.UUID;

import com.google.protobuf.Empty;
import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.tradeloom.platform.api.Page;
import dev.tradeloom.platform.auth.Callers;
import dev.tradeloom.tryon.domain.Garment;
import dev.tradeloom.tryon.domain.Photos;
import dev.tradeloom.tryon.domain.TryOnJobs;
import dev.tradeloom.tryon.store.JobChangeFeed;
import dev.tradeloom.tryon.store.TryOnJobRow;
import dev.tradeloom.tryon.v1.CancelTryOnJobRequest;
import dev.tradeloom.tryon.v1.CreateTryOnPhotoUploadRequest;
import dev.tradeloom.tryon.v1.DeleteTryOnJobRequest;
import dev.tradeloom.tryon.v1.GetTryOnJobRequest;
import dev.tradeloom.tryon.v1.ListTryOnJobsRequest;
import dev.tradeloom.tryon.v1.ListTryOnJobsResponse;
import dev.tradeloom.tryon.v1.SubmitTryOnJobRequest;
import dev.tradeloom.tryon.v1.TryOnJob;
import dev.tradeloom.tryon.v1.TryOnPhotoUpload;
import dev.tradeloom.tryon.v1.TryOnServiceGrpc;
import dev.tradeloom.tryon.v1.WatchTryOnJobRequest;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** tradeloom.tryon.v1.TryOnService over {@link TryOnJobs}. */
public final class TryOnServiceImpl extends TryOnServiceGrpc.TryOnServiceImplBase {
    /** The longest a watch lasts when its client set no deadline; clients then watch again. */
    static final Duration WATCH_LIMIT = Duration.ofMinutes(15);

    private final TryOnJobs jobs;
    private final Photos photos;
    private final JobChangeFeed changes;

    public TryOnServiceImpl(TryOnJobs jobs, Photos photos, JobChangeFeed changes) {
        this.jobs = requireNonNull(jobs, "jobs");
        this.photos = requireNonNull(photos, "photos");
        this.changes = requireNonNull(changes, "changes");
    }

    @Override
    public void createTryOnPhotoUpload(CreateTryOnPhotoUploadRequest request, StreamObserver<TryOnPhotoUpload> out) {
        final Photos.Upload upload = photos.createUpload(Callers.required().userId(),
                                                         TryOnJobs.uploadType(request.getContentType()));
        reply(out, TryOnPhotoUpload.newBuilder()
                                   .setKey(upload.key())
                                   .setUploadUrl(upload.url().toString())
                                   .setContentType(upload.type().contentType())
                                   .setExpireTime(TryOnProtos.timestamp(upload.expiresAt()))
                                   .setMaxSizeBytes(photos.store().config().maxImageBytes())
                                   .build());
    }

    @Override
    public void submitTryOnJob(SubmitTryOnJobRequest request, StreamObserver<TryOnJob> out) {
        final Garment garment = request.hasProduct()
                                ? new Garment.Product(UUID.fromString(request.getProduct().getTenantId()),
                                                      UUID.fromString(request.getProduct().getProductId()))
                                : new Garment.Upload(request.getGarmentPhotoKey());
        final TryOnJobRow job = jobs.submit(Callers.required(), UUID.fromString(request.getRequestId()),
                                            request.getPersonPhotoKey(), garment,
                                            request.getTenantId().isEmpty() ? null
                                                                            : UUID.fromString(request.getTenantId()));
        reply(out, TryOnProtos.job(job, photos.store()));
    }

    @Override
    public void getTryOnJob(GetTryOnJobRequest request, StreamObserver<TryOnJob> out) {
        reply(out, TryOnProtos.job(jobs.get(Callers.required().userId(), UUID.fromString(request.getJobId())),
                                   photos.store()));
    }

    @Override
    public void listTryOnJobs(ListTryOnJobsRequest request, StreamObserver<ListTryOnJobsResponse> out) {
        final Page<TryOnJobRow> page = jobs.list(Callers.required().userId(), request.getPageSize(),
                                                 request.getPageToken());
        final ListTryOnJobsResponse.Builder response =
                ListTryOnJobsResponse.newBuilder().setNextPageToken(page.nextPageToken());
        page.items().forEach(job -> response.addJobs(TryOnProtos.job(job, photos.store())));
        reply(out, response.build());
    }

    @Override
    public void cancelTryOnJob(CancelTryOnJobRequest request, StreamObserver<TryOnJob> out) {
        reply(out, TryOnProtos.job(jobs.cancel(Callers.required().userId(), UUID.fromString(request.getJobId())),
                                   photos.store()));
    }

    @Override
    public void deleteTryOnJob(DeleteTryOnJobRequest request, StreamObserver<Empty> out) {
        jobs.delete(Callers.required().userId(), UUID.fromString(request.getJobId()));
        reply(out, Empty.getDefaultInstance());
    }

    @Override
    public void watchTryOnJob(WatchTryOnJobRequest request, StreamObserver<TryOnJob> out) {
        final ServiceRequestContext ctx = ServiceRequestContext.current();
        if (!ctx.request().headers().contains("grpc-timeout")) {
            // Without a client deadline the server's short request timeout would cut every watch.
            ctx.setRequestTimeout(TimeoutMode.SET_FROM_NOW, WATCH_LIMIT);
        }
        new JobWatch(jobs, photos.store(), Callers.required().userId(), UUID.fromString(request.getJobId()),
                     (ServerCallStreamObserver<TryOnJob>) out, ctx.blockingTaskExecutor())
                .start(changes);
    }
}
