package dev.tradeloom.tryon.api;

import java.util.UUID;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

import dev.tradeloom.platform.error.ApiException;
import dev.tradeloom.platform.grpc.GrpcErrors;
import dev.tradeloom.platform.storage.ObjectStore;
import dev.tradeloom.tryon.domain.JobState;
import dev.tradeloom.tryon.domain.TryOnJobs;
import dev.tradeloom.tryon.store.JobChangeFeed;
import dev.tradeloom.tryon.store.TryOnJobRow;
import dev.tradeloom.tryon.v1.TryOnJob;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;

/**
 * One WatchTryOnJob stream: sends the job, then reads it again on each change notification and sends it
 * when it is further along than the last one sent ({@link #progress}), until a final state. Reads run on
 * {@code executor}, one at a time per stream, but the first read runs on the caller's thread and may
 * finish after a refresh that read a later state: comparing progress, not only difference, keeps an older
 * state from following a newer one.
 */
final class JobWatch {
    private final TryOnJobs jobs;
    private final ObjectStore store;
    private final UUID userId;
    private final UUID jobId;
    private final ServerCallStreamObserver<TryOnJob> out;
    private final Executor executor;
    private JobChangeFeed.@Nullable Subscription subscription;
    private long lastProgress = -1;
    private boolean ended;

    JobWatch(TryOnJobs jobs, ObjectStore store, UUID userId, UUID jobId, ServerCallStreamObserver<TryOnJob> out,
             Executor executor) {
        this.jobs = jobs;
        this.store = store;
        this.userId = userId;
        this.jobId = jobId;
        this.out = out;
        this.executor = executor;
    }

    /**
     * Subscribes first and reads second, so no change falls between; an unknown job is NOT_FOUND at once
     * (thrown, like any rpc's error).
     */
    void start(JobChangeFeed feed) {
        synchronized (this) {
            subscription = feed.subscribe(jobId, () -> executor.execute(this::refresh));
            out.setOnCancelHandler(this::end);
        }
        final TryOnJobRow first;
        try {
            first = jobs.get(userId, jobId);
        } catch (ApiException e) {
            end();
            throw e;
        }
        send(first);
    }

    private void refresh() {
        synchronized (this) {
            if (ended) {
                return;
            }
        }
        try {
            send(jobs.get(userId, jobId));
        } catch (ApiException e) {
            // Deleted while watched.
            final Metadata trailers = new Metadata();
            final Status status = GrpcErrors.toStatus(e, trailers);
            synchronized (this) {
                if (!ended) {
                    end();
                    out.onError(status.asRuntimeException(trailers));
                }
            }
        }
    }

    private synchronized void send(TryOnJobRow row) {
        if (ended || out.isCancelled()) {
            return;
        }
        final long progress = progress(row);
        if (progress <= lastProgress) {
            return;
        }
        lastProgress = progress;
        out.onNext(TryOnProtos.job(row, store));
        if (JobState.fromQueue(row.queueState()).isTerminal()) {
            end();
            out.onCompleted();
        }
    }

    /**
     * How far along the job is, growing with every change a job goes through: by attempts claimed, then
     * within an attempt running, running with its result recorded, queued again to retry, and ended.
     */
    static long progress(TryOnJobRow row) {
        final JobState state = JobState.fromQueue(row.queueState());
        final int step;
        if (state.isTerminal()) {
            step = 3;
        } else if (state == JobState.QUEUED) {
            step = 2; // Before the first claim (attempts 0), or waiting to retry after attempt n.
        } else {
            step = row.resultKey() == null ? 0 : 1;
        }
        return row.attempts() * 4L + step;
    }

    private synchronized void end() {
        ended = true;
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }
}
