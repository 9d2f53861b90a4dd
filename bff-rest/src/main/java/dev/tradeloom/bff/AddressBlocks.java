package dev.tradeloom.bff;

import java.net.InetAddress;
import java.util.List;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import com.google.common.net.InetAddresses;
import com.linecorp.armeria.common.util.InetAddressPredicates;

/** IP addresses and CIDR blocks, as settings such as {@code TRUSTED_PROXIES} list them. */
final class AddressBlocks {
    private final List<Predicate<InetAddress>> blocks;

    /** {@code entries}: addresses or CIDR blocks, each checked by {@link #checkEntry}. */
    AddressBlocks(List<String> entries) {
        blocks = entries.stream().map(AddressBlocks::predicate).toList();
    }

    /** Why {@code entry} is no address or CIDR block, or null when it is one. */
    static @Nullable String checkEntry(String entry) {
        try {
            predicate(entry);
            return null;
        } catch (IllegalArgumentException e) {
            return "'" + entry + "' is not an IP address or CIDR block (e.g. 10.0.0.0/8)";
        }
    }

    private static Predicate<InetAddress> predicate(String entry) {
        final int slash = entry.indexOf('/');
        if (!InetAddresses.isInetAddress(slash < 0 ? entry : entry.substring(0, slash))) {
            throw new IllegalArgumentException(entry);
        }
        return slash < 0 ? InetAddressPredicates.ofExact(InetAddresses.forString(entry))
                         : InetAddressPredicates.ofCidr(entry);
    }

    boolean contains(InetAddress address) {
        for (Predicate<InetAddress> block : blocks) {
            if (block.test(address)) {
                return true;
            }
        }
        return false;
    }
}
