package dev.tradeloom.platform.grpc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.tradeloom.api.v1.Access;
import dev.tradeloom.api.v1.AnnotationsProto;
import dev.tradeloom.api.v1.Audience;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;

/** Reads the {@code (tradeloom.api.v1.access)} option that every rpc declares in its contract. */
public final class MethodAccess {
    private static final Map<String, Access> CACHE = new ConcurrentHashMap<>();

    private MethodAccess() {}

    /** The declared access of {@code method}; fails if the contract declares none. */
    public static Access of(MethodDescriptor<?, ?> method) {
        return CACHE.computeIfAbsent(method.getFullMethodName(), name -> read(method));
    }

    private static Access read(MethodDescriptor<?, ?> method) {
        if (!(method.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier supplier)) {
            throw new IllegalStateException(method.getFullMethodName() + " has no protobuf descriptor");
        }
        final Access access = supplier.getMethodDescriptor().getOptions().getExtension(AnnotationsProto.access);
        if (access.getAudience() == Audience.AUDIENCE_UNSPECIFIED) {
            throw new IllegalStateException(
                    method.getFullMethodName() + " declares no (tradeloom.api.v1.access).audience");
        }
        return access;
    }
}
