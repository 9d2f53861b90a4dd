package dev.tradeloom.platform.api;

import java.util.Set;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import com.google.protobuf.util.FieldMaskUtil;

import dev.tradeloom.platform.error.InvalidArgumentException;

/** Partial updates: the fields named in a mask are copied from the patch onto the current resource. */
public final class FieldMasks {
    private FieldMasks() {}

    /** {@code current} with the masked fields of {@code patch}; paths must be editable fields. */
    public static <T extends Message> T apply(T current, T patch, FieldMask mask, Set<String> readOnly) {
        if (mask.getPathsCount() == 0) {
            throw InvalidArgumentException.of("update_mask", "is empty (expected: the fields to change)");
        }
        for (String path : mask.getPathsList()) {
            final String top = path.split("\\.")[0];
            if (readOnly.contains(top) || !FieldMaskUtil.isValid(current.getDescriptorForType(), path)) {
                throw InvalidArgumentException.of("update_mask",
                                                  "'" + path + "' is not an editable field of "
                                                  + current.getDescriptorForType().getName());
            }
        }
        final Message.Builder merged = current.toBuilder();
        FieldMaskUtil.merge(mask, patch, merged, new FieldMaskUtil.MergeOptions()
                .setReplaceMessageFields(true).setReplaceRepeatedFields(true).setReplacePrimitiveFields(true));
        @SuppressWarnings("unchecked")
        final T result = (T) merged.build();
        return result;
    }
}
