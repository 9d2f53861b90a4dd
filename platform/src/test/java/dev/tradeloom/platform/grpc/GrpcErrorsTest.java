package dev.tradeloom.platform.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.stream.ClosedStreamException;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.tradeloom.platform.error.NotFoundException;
import io.grpc.Metadata;
import io.grpc.Status;

class GrpcErrorsTest {
    private final ServiceRequestContext ctx = ServiceRequestContext.of(
            HttpRequest.of(HttpMethod.POST, "/tradeloom.tryon.v1.TryOnService/WatchTryOnJob"));

    @Test
    void aStreamItsClientClosed_isCancelled_notAnInternalError() {
        final Status status = new GrpcErrors().apply(ctx, Status.UNKNOWN, ClosedStreamException.get(), new Metadata());
        assertThat(status.getCode()).isEqualTo(Status.Code.CANCELLED);
    }

    @Test
    void anApiException_isItsStatus_withItsReasonInTheDetails() {
        final Metadata trailers = new Metadata();
        final Status status = new GrpcErrors().apply(ctx, Status.UNKNOWN,
                                                     new NotFoundException("JOB_NOT_FOUND", "No job x."), trailers);
        assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(trailers.get(GrpcErrors.DETAILS_KEY)).isNotNull();
    }
}
