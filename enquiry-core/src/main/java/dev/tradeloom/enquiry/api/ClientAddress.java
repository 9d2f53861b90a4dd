package dev.tradeloom.enquiry.api;

import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * The end client's address: the first {@code x-forwarded-for} entry set by the edge, else the
 * peer's own address. Core services are reachable only inside the network, behind the edge.
 */
final class ClientAddress {
    private static final int MAX_LENGTH = 64;

    private ClientAddress() {}

    static String current() {
        final ServiceRequestContext ctx = ServiceRequestContext.current();
        final String forwarded = ctx.request().headers().get("x-forwarded-for");
        final String address = forwarded != null && !forwarded.isBlank()
                               ? forwarded.split(",")[0].trim()
                               : ctx.clientAddress().getHostAddress();
        return address.length() > MAX_LENGTH ? address.substring(0, MAX_LENGTH) : address;
    }
}
