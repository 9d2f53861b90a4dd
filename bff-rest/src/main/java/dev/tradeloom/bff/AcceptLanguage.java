package dev.tradeloom.bff;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
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
 * {@code language} request field, which holds one tag or several in order of preference, separated by
 * commas. For a read (an rpc named Get…, List… or Search…) whose request has such a field and leaves it
 * empty, the edge fills it with the client's languages, most preferred first, so that a catalog without
 * the first finds the next; an explicit field always wins. Writes are left alone: there a language is a
 * setting the client chooses.
 */
final class AcceptLanguage implements ServerInterceptor {
    private static final String FIELD = "language";
    /** The longest value the contracts' language fields take. */
    private static final int MAX_LENGTH = 35;
    private static final Pattern TAG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        final ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        final boolean read = MethodKinds.isRead(call.getMethodDescriptor().getBareMethodName());
        final @Nullable String preferred = ctx == null || !read
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
     * The header's language tags by weight, highest first (in header order among equals), joined with commas
     * as far as they fit a language field; null when the header is absent, names only {@code *}, or is not a
     * list of language tags.
     */
    static @Nullable String preferred(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        final List<Weighted> ranked = new ArrayList<>();
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
            if (weight > 0 && TAG.matcher(tag).matches()
                && ranked.stream().noneMatch(known -> known.tag().equalsIgnoreCase(tag))) {
                ranked.add(new Weighted(tag, weight));
            }
        }
        ranked.sort(Comparator.comparingDouble(Weighted::weight).reversed()); // stable: header order among equals
        final StringJoiner joined = new StringJoiner(",");
        for (Weighted w : ranked) {
            if (joined.length() + (joined.length() == 0 ? 0 : 1) + w.tag().length() <= MAX_LENGTH) {
                joined.add(w.tag());
            }
        }
        return joined.length() == 0 ? null : joined.toString();
    }

    private record Weighted(String tag, double weight) {}
}
