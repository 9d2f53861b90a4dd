package dev.tradeloom.bff;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.platform.grpc.GrpcErrors;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import io.netty.util.AttributeKey;

/**
 * HTTP's conditional requests over the contracts' etags, which are fields (AIP-154): a response whose message
 * has an etag carries it as {@code ETag}, and a request's {@code If-Match} fills the etag field of a write (the
 * request's own, or that of the resource it carries) when the field is empty. A stale one then fails as a
 * stale field does, but as {@code 412 Precondition Failed} ({@link #askedToMatch}). {@code If-Match: *} asks
 * nothing more than that the resource exists, which every write needs anyway; several entity tags, a weak one,
 * or one that disagrees with the field are refused with 400. Reads and creates ignore it.
 */
final class EntityTags implements ServerInterceptor {
    private static final String FIELD = "etag";
    private static final String HEADER = "If-Match";
    private static final AttributeKey<Boolean> ASKED_TO_MATCH =
            AttributeKey.valueOf(EntityTags.class, "ASKED_TO_MATCH");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        final ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        if (ctx == null) {
            return next.startCall(call, headers);
        }
        final ServerCall<Q, R> tagging = new SimpleForwardingServerCall<>(call) {
            @Override
            public void sendMessage(R message) {
                final @Nullable String etag = etagOf(message);
                if (etag != null) {
                    ctx.setAdditionalResponseHeader(HttpHeaderNames.ETAG, '"' + etag + '"');
                }
                super.sendMessage(message);
            }
        };
        final @Nullable String header = ctx.request().headers().get(HttpHeaderNames.IF_MATCH);
        final boolean change = MethodKinds.isChange(call.getMethodDescriptor().getBareMethodName());
        if (header == null || header.trim().equals("*") || !change) {
            return next.startCall(tagging, headers);
        }
        final String ifMatch;
        try {
            ifMatch = strongTag(header.trim());
        } catch (InvalidArgumentException e) {
            refuse(tagging, e);
            return new ServerCall.Listener<>() {};
        }
        final ServerCall.Listener<Q> delegate = next.startCall(tagging, headers);
        return new SimpleForwardingServerCallListener<>(delegate) {
            private boolean refused;

            @Override
            public void onMessage(Q message) {
                final Q conditional;
                try {
                    conditional = withEtag(message, ifMatch, ctx);
                } catch (InvalidArgumentException e) {
                    refused = true;
                    refuse(tagging, e);
                    return;
                }
                super.onMessage(conditional);
            }

            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }
        };
    }

    private static void refuse(ServerCall<?, ?> call, InvalidArgumentException e) {
        final Metadata trailers = new Metadata();
        call.close(GrpcErrors.toStatus(e, trailers), trailers);
    }

    /**
     * Whether {@code method} takes {@code If-Match}: a write of something that exists (not a Create, nor a read)
     * whose request has an etag field of its own or carries one resource with one.
     */
    static boolean takesIfMatch(Descriptors.MethodDescriptor method) {
        final Descriptor request = method.getInputType();
        return MethodKinds.isChange(method.getName())
               && (etagField(request) != null || resourceWithEtag(request) != null);
    }

    /** Whether responses of {@code method} carry an {@code ETag} header: its response message has an etag. */
    static boolean givesETag(Descriptors.MethodDescriptor method) {
        return etagField(method.getOutputType()) != null;
    }

    /** Whether the request's etag came from {@code If-Match}, so that a mismatch is a failed precondition. */
    static boolean askedToMatch(ServiceRequestContext ctx) {
        return Boolean.TRUE.equals(ctx.attr(ASKED_TO_MATCH));
    }

    private static @Nullable String etagOf(Object message) {
        if (!(message instanceof Message proto)) {
            return null;
        }
        final @Nullable FieldDescriptor field = etagField(proto.getDescriptorForType());
        final String etag = field == null ? "" : (String) proto.getField(field);
        return etag.isEmpty() ? null : etag;
    }

    /**
     * {@code message} with {@code tag} in its etag field, or that of the one resource it
     * carries; unchanged when it has neither (a read, or a write of something without an etag).
     */
    @SuppressWarnings("unchecked")
    private static <Q> Q withEtag(Q message, String tag, ServiceRequestContext ctx) {
        if (!(message instanceof Message proto)) {
            return message;
        }
        final @Nullable FieldDescriptor own = etagField(proto.getDescriptorForType());
        if (own != null) {
            ctx.setAttr(ASKED_TO_MATCH, true);
            return (Q) proto.toBuilder().setField(own, merged((String) proto.getField(own), tag)).build();
        }
        final @Nullable FieldDescriptor field = resourceWithEtag(proto.getDescriptorForType());
        if (field == null) {
            return message;
        }
        final FieldDescriptor nested = requireNonNull(etagField(field.getMessageType()), "etag");
        final Message resource = (Message) proto.getField(field);
        final String etag = merged((String) resource.getField(nested), tag);
        ctx.setAttr(ASKED_TO_MATCH, true);
        return (Q) proto.toBuilder().setField(field, resource.toBuilder().setField(nested, etag).build()).build();
    }

    /** The field of {@code type} that holds one resource with an etag, if any. */
    private static @Nullable FieldDescriptor resourceWithEtag(Descriptor type) {
        for (FieldDescriptor field : type.getFields()) {
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated()
                && etagField(field.getMessageType()) != null) {
                return field;
            }
        }
        return null;
    }

    private static @Nullable FieldDescriptor etagField(Descriptor type) {
        final @Nullable FieldDescriptor field = type.findFieldByName(FIELD);
        return field != null && field.getJavaType() == FieldDescriptor.JavaType.STRING && !field.isRepeated()
               ? field : null;
    }

    /** The one strong entity tag {@code ifMatch} names, unquoted. */
    private static String strongTag(String ifMatch) {
        if (ifMatch.startsWith("W/")) {
            throw InvalidArgumentException.of(HEADER, "a weak entity tag (W/...) never matches; send the strong "
                                                      + "one of the resource's ETag header");
        }
        final String tag = ifMatch.length() >= 2 && ifMatch.startsWith("\"") && ifMatch.endsWith("\"")
                           ? ifMatch.substring(1, ifMatch.length() - 1) : ifMatch;
        if (tag.isEmpty() || tag.indexOf('"') >= 0 || tag.indexOf(',') >= 0) {
            throw InvalidArgumentException.of(HEADER, "expected one entity tag as the resource's ETag header gives "
                                                      + "it (\"3\"), or *");
        }
        return tag;
    }

    /** {@code tag}, which {@code field}, when set, must equal. */
    private static String merged(String field, String tag) {
        if (!field.isEmpty() && !field.equals(tag)) {
            throw InvalidArgumentException.of(HEADER, "\"" + tag + "\" differs from the etag field (\"" + field
                                                      + "\"); send one of them");
        }
        return tag;
    }
}
