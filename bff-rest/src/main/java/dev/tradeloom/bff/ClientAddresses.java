package dev.tradeloom.bff;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * The address a request comes from. Served directly, it is the connection's peer, and a forwarded-for
 * header is the client's own claim, ignored. Behind the proxies of {@code TRUSTED_PROXIES}, it is read
 * from X-Forwarded-For, walked from the right through the trusted proxies to the first address outside
 * them: what lies left of that address was written by the client, who can forge it. A hop may carry the
 * port the proxy saw ({@code 198.51.100.1:41234}, {@code [2001:db8::1]:41234}), as some load balancers write
 * it, or an IPv6 address in brackets: the address is what counts.
 */
final class ClientAddresses {
    private final AddressBlocks trusted;

    /** {@code trustedProxies}: addresses or CIDR blocks, checked by {@link AddressBlocks#checkEntry}. */
    ClientAddresses(List<String> trustedProxies) {
        trusted = new AddressBlocks(trustedProxies);
    }

    InetAddress of(ServiceRequestContext ctx) {
        final InetAddress peer = ((InetSocketAddress) ctx.remoteAddress()).getAddress();
        if (!trusted.contains(peer)) {
            return peer;
        }
        final List<String> hops = new ArrayList<>();
        for (String line : ctx.request().headers().getAll(HttpHeaderNames.X_FORWARDED_FOR)) {
            for (String hop : line.split(",")) {
                hops.add(hop.trim());
            }
        }
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            final String hop = withoutPort(hops.get(i));
            if (!InetAddresses.isInetAddress(hop)) {
                // A hop the proxies could not name ("unknown"): the nearest address known stands.
                return client;
            }
            client = InetAddresses.forString(hop);
            if (!trusted.contains(client)) {
                return client;
            }
        }
        return client;
    }

    /** The address of a hop: without the brackets of an IPv6 address, or the port after either kind. */
    private static String withoutPort(String hop) {
        try {
            return HostAndPort.fromString(hop).getHost();
        } catch (IllegalArgumentException e) {
            return hop; // Not a host either ("[bad"): the walk stops at it.
        }
    }

    /**
     * The key rate limits count the client under: its address, or for IPv6 its /64, the block one
     * subscriber is usually given, so that a block's addresses share one budget.
     */
    String key(ServiceRequestContext ctx) {
        final InetAddress address = of(ctx);
        if (address instanceof Inet6Address) {
            final byte[] block = address.getAddress();
            Arrays.fill(block, 8, 16, (byte) 0);
            try {
                return "ip:" + InetAddresses.toAddrString(InetAddress.getByAddress(block)) + "/64";
            } catch (UnknownHostException e) {
                throw new IllegalStateException("16 bytes are an IPv6 address", e);
            }
        }
        return "ip:" + address.getHostAddress();
    }
}
