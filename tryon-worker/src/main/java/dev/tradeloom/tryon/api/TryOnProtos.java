package dev.tradeloom.tryon.api;

import java.time.Instant;

import com.google.protobuf.Timestamp;

import dev.tradeloom.platform.storage.ObjectStore;
import dev.tradeloom.tryon.domain.JobState;
import dev.tradeloom.tryon.store.TryOnJobRow;
import dev.tradeloom.tryon.v1.TryOnJob;
import dev.tradeloom.tryon.v1.TryOnJobState;

/** Try-on jobs as the contract shows them. */
final class TryOnProtos {
    private TryOnProtos() {}

    static TryOnJob job(TryOnJobRow row, ObjectStore store) {
        final JobState state = JobState.fromQueue(row.queueState());
        final TryOnJob.Builder job = TryOnJob.newBuilder()
                                             .setId(row.id().toString())
                                             .setUserId(row.userId().toString())
                                             .setState(state(state))
                                             .setPersonPhotoKey(row.personPhotoKey())
                                             .setGarmentPhotoKey(row.garmentPhotoKey())
                                             .setAttempts(row.attempts())
                                             .setEtag(etag(row))
                                             .setCreateTime(timestamp(row.createdAt()))
                                             .setUpdateTime(timestamp(row.updatedAt()));
        if (row.tenantId() != null) {
            job.setTenantId(row.tenantId().toString());
        }
        if (state == JobState.SUCCEEDED && row.resultKey() != null) {
            job.setResultUrl(store.readUrl(row.resultKey()));
        }
        if (state == JobState.FAILED && row.lastError() != null) {
            job.setFailureReason(row.lastError());
        }
        return job.build();
    }

    /** Changes whenever the state, the attempt or the result changes. */
    static String etag(TryOnJobRow row) {
        return row.queueState() + '-' + row.attempts() + (row.resultKey() == null ? "" : "-r");
    }

    private static TryOnJobState state(JobState state) {
        switch (state) {
            case QUEUED:
                return TryOnJobState.TRY_ON_JOB_STATE_QUEUED;
            case RUNNING:
                return TryOnJobState.TRY_ON_JOB_STATE_RUNNING;
            case SUCCEEDED:
                return TryOnJobState.TRY_ON_JOB_STATE_SUCCEEDED;
            case FAILED:
                return TryOnJobState.TRY_ON_JOB_STATE_FAILED;
            default:
                return TryOnJobState.TRY_ON_JOB_STATE_CANCELLED;
        }
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
