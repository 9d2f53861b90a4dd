package dev.tradeloom.bff;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.linecorp.armeria.server.ServiceRequestContext;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Browsers say which language they read in {@code Accept-Language}; contracts take it as a
 * {@code language} request field. For a read (an rpc named Get…, List… or Search…) whose request has
 * such a field and leaves it empty, the edge fills it with the client's most preferred language, so an
 * explicit field always wins. Writes are left alone: there a language is a setting the client chooses.
 */
final class AcceptLanguage implements ServerInterceptor {
    private static final String FIELD = "language";
    private static final Pattern TAG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        final ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        final @Nullable String preferred = ctx == null || !isRead(call.getMethodDescriptor().getBareMethodName())
                                           ? null : preferred(ctx.request().headers().get("accept-language"));
        final ServerCall.Listener<Q> delegate = next.startCall(call, headers);
        if (preferred == null) {
            return delegate;
        }
        return new SimpleForwardingServerCallListener<>(delegate) {
            @Override
            public void onMessage(Q message) {
                super.onMessage(withLanguage(message, preferred));
            }
        };
    }

    private static boolean isRead(@Nullable String method) {
        return method != null && (method.startsWith("Get") || method.startsWith("List")
                                  || method.startsWith("Search"));
    }

    @SuppressWarnings("unchecked")
    private static <Q> Q withLanguage(Q message, String language) {
        if (!(message instanceof Message proto)) {
            return message;
        }
        final FieldDescriptor field = proto.getDescriptorForType().findFieldByName(FIELD);
        if (field == null || field.getJavaType() != FieldDescriptor.JavaType.STRING || field.isRepeated()
            || !((String) proto.getField(field)).isEmpty()) {
            return message;
        }
        return (Q) proto.toBuilder().setField(field, language).build();
    }

    /**
     * The language range with the highest weight (the first of equals), or null when the header is
     * absent, names only {@code *}, or is not a list of language tags.
     */
    static @Nullable String preferred(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String best = null;
        double bestWeight = 0;
        for (String part : header.split(",")) {
            final String[] pieces = part.trim().split(";", -1); // never empty, even for ";"
            final String tag = pieces[0].trim();
            double weight = 1;
            for (int i = 1; i < pieces.length; i++) {
                final String parameter = pieces[i].trim().toLowerCase(Locale.ROOT);
                if (parameter.startsWith("q=")) {
                    try {
                        weight = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        weight = 0;
                    }
                }
            }
            if (weight > bestWeight && tag.length() <= 35 && TAG.matcher(tag).matches()) {
                best = tag;
                bestWeight = weight;
            }
        }
        return best;
    }
}
