package dev.tradeloom.enquiry.domain;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The network a client address counts under for guest limits, as the edge counts it: an IPv4 address
 * itself, an IPv6 address its /64 (the block one subscriber is usually given, whose addresses a client
 * can rotate through at will), and an IPv4-mapped IPv6 address its IPv4 address.
 */
final class ClientNetwork {
    /** Starts as the JDK's literal parser expects, so a string of these is never looked up in DNS. */
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    private ClientNetwork() {}

    /** The network of {@code address}; anything that is not an IPv6 literal is returned as it is. */
    static String of(String address) {
        if (address.indexOf(':') < 0 || !IPV6_LITERAL.matcher(address).matches()) {
            return address;
        }
        final InetAddress parsed;
        try {
            parsed = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            // Not an address after all: counted as given.
            return address;
        }
        if (parsed instanceof Inet4Address) {
            // The JDK reads an IPv4-mapped address as the IPv4 address it maps.
            return parsed.getHostAddress();
        }
        final byte[] block = parsed.getAddress();
        Arrays.fill(block, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(block).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }
}
