package dev.tradeloom.platform.grpc;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.grpc.GrpcExceptionHandlerFunction;
import com.linecorp.armeria.common.stream.ClosedStreamException;

import dev.tradeloom.platform.error.AlreadyExistsException;
import dev.tradeloom.platform.error.ApiException;
import dev.tradeloom.platform.error.EtagMismatchException;
import dev.tradeloom.platform.error.FailedPreconditionException;
import dev.tradeloom.platform.error.FieldViolation;
import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.platform.error.NotFoundException;
import dev.tradeloom.platform.error.PermissionDeniedException;
import dev.tradeloom.platform.error.ResourceExhaustedException;
import dev.tradeloom.platform.error.UnauthenticatedException;
import dev.tradeloom.platform.error.UnavailableException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;

/**
 * The one exception→status mapping of a core service. API exceptions become their status with
 * {@code google.rpc.ErrorInfo} (and {@code BadRequest} for bad input, {@code RetryInfo} for an exhausted quota
 * that says when to retry) in
 * {@code grpc-status-details-bin}; an unreachable database (down, restarting, no connection within the
 * pool's timeout) is UNAVAILABLE with reason {@code DATABASE_UNAVAILABLE}, which clients may retry; a
 * stream its client closed is CANCELLED; anything else is logged and answered INTERNAL without details.
 */
public final class GrpcErrors implements GrpcExceptionHandlerFunction {
    /** {@code ErrorInfo.domain} of every Tradeloom error. */
    public static final String DOMAIN = "tradeloom.dev";

    private static final Logger logger = LoggerFactory.getLogger(GrpcErrors.class);
    /** The standard trailer that gRPC clients read rich error details from. */
    public static final Metadata.Key<com.google.rpc.Status> DETAILS_KEY = Metadata.Key.of(
            "grpc-status-details-bin", ProtoUtils.metadataMarshaller(com.google.rpc.Status.getDefaultInstance()));
    private static final Map<Class<? extends ApiException>, Status.Code> CODES = Map.of(
            InvalidArgumentException.class, Status.Code.INVALID_ARGUMENT,
            NotFoundException.class, Status.Code.NOT_FOUND,
            AlreadyExistsException.class, Status.Code.ALREADY_EXISTS,
            EtagMismatchException.class, Status.Code.ABORTED,
            FailedPreconditionException.class, Status.Code.FAILED_PRECONDITION,
            PermissionDeniedException.class, Status.Code.PERMISSION_DENIED,
            UnauthenticatedException.class, Status.Code.UNAUTHENTICATED,
            ResourceExhaustedException.class, Status.Code.RESOURCE_EXHAUSTED,
            UnavailableException.class, Status.Code.UNAVAILABLE);

    @Override
    public @Nullable Status apply(RequestContext ctx, Status status, Throwable cause, Metadata metadata) {
        if (cause instanceof ApiException api) {
            return toStatus(api, metadata);
        }
        if (cause instanceof StatusRuntimeException || cause instanceof StatusException) {
            return status;
        }
        if (cause instanceof ClosedStreamException) {
            // The client went away (cancelled, or its connection closed): nothing failed here.
            logger.debug("The client of {} closed the stream", ctx.path());
            return Status.CANCELLED.withDescription("The client closed the stream.");
        }
        if (isDatabaseUnreachable(cause)) {
            logger.warn("The database is unreachable for {}: {}", ctx.path(), cause.getMessage());
            return toStatus(new UnavailableException("DATABASE_UNAVAILABLE",
                                                     "The service cannot reach its database just now; retry "
                                                     + "shortly."), metadata);
        }
        logger.error("Unexpected failure in {}", ctx.path(), cause);
        return Status.INTERNAL.withDescription("Internal error; request id " + ctx.id().text());
    }

    /**
     * Whether {@code e} comes from a database that cannot be reached: no pooled connection in time, a
     * connection failure (SQLSTATE class 08), or a server shutting down or starting (57P01–57P03).
     */
    static boolean isDatabaseUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }

    /** The status for {@code e}, with its details added to {@code trailers}. */
    public static Status toStatus(ApiException e, Metadata trailers) {
        final Status.Code code = CODES.getOrDefault(e.getClass(), Status.Code.INTERNAL);
        final var details = com.google.rpc.Status.newBuilder()
                                                 .setCode(code.value())
                                                 .setMessage(e.getMessage())
                                                 .addDetails(Any.pack(ErrorInfo.newBuilder()
                                                                               .setReason(e.reason())
                                                                               .setDomain(DOMAIN)
                                                                               .build()));
        if (e instanceof InvalidArgumentException invalid) {
            final BadRequest.Builder badRequest = BadRequest.newBuilder();
            for (FieldViolation v : invalid.violations()) {
                badRequest.addFieldViolationsBuilder().setField(v.field()).setDescription(v.description());
            }
            details.addDetails(Any.pack(badRequest.build()));
        }
        if (e instanceof ResourceExhaustedException exhausted && exhausted.retryAfter() != null) {
            final java.time.Duration wait = exhausted.retryAfter();
            final com.google.protobuf.Duration delay = com.google.protobuf.Duration.newBuilder()
                    .setSeconds(wait.getSeconds()).setNanos(wait.getNano()).build();
            details.addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(delay).build()));
        }
        trailers.put(DETAILS_KEY, details.build());
        return Status.fromCode(code).withDescription(e.getMessage());
    }
}
