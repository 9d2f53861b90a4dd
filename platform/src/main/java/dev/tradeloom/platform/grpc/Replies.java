package dev.tradeloom.platform.grpc;

import com.google.protobuf.Empty;

import io.grpc.stub.StreamObserver;

/** Completes unary calls; failures are thrown and mapped by {@link GrpcErrors}. */
public final class Replies {
    private Replies() {}

    public static <T> void reply(StreamObserver<T> observer, T value) {
        observer.onNext(value);
        observer.onCompleted();
    }

    public static void empty(StreamObserver<Empty> observer) {
        reply(observer, Empty.getDefaultInstance());
    }
}
