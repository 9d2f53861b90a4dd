package dev.tradeloom.tenant.domain;

/** Where a login came from, shown in the session list. */
public record ClientInfo(String userAgent, String ipAddress) {
    public static final ClientInfo UNKNOWN = new ClientInfo("", "");

    public ClientInfo {
        userAgent = userAgent.length() > 300 ? userAgent.substring(0, 300) : userAgent;
        ipAddress = ipAddress.length() > 64 ? ipAddress.substring(0, 64) : ipAddress;
    }
}
