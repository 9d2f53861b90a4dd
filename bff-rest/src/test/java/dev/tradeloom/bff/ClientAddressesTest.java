package dev.tradeloom.bff;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;

class ClientAddressesTest {
    private static final ClientAddresses DIRECT = new ClientAddresses(List.of());
    private static final ClientAddresses BEHIND_PROXIES = new ClientAddresses(List.of("10.0.0.0/8", "192.0.2.7"));

    @Test
    void servedDirectly_thePeerIsTheClient_whateverItClaims() {
        assertThat(DIRECT.of(request("203.0.113.9", "198.51.100.1")).getHostAddress()).isEqualTo("203.0.113.9");
    }

    @Test
    void behindTrustedProxies_theNearestAddressOutsideThemIsTheClient() {
        assertThat(address(BEHIND_PROXIES, "10.0.0.5", "198.51.100.1")).isEqualTo("198.51.100.1");
        // The client forged the leftmost entry; the proxies appended the address they saw.
        assertThat(address(BEHIND_PROXIES, "10.0.0.5", "6.6.6.6, 198.51.100.1")).isEqualTo("198.51.100.1");
        // Two proxies in a row, and lines of the header are one list.
        assertThat(address(BEHIND_PROXIES, "10.0.0.5", "198.51.100.1, 192.0.2.7", "10.1.1.1"))
                .isEqualTo("198.51.100.1");
        // A hop a proxy could not name stops the walk at the nearest address known.
        assertThat(address(BEHIND_PROXIES, "10.0.0.5", "198.51.100.1, unknown, 10.1.1.1")).isEqualTo("10.1.1.1");
    }

    @Test
    void hopsWithThePortTheProxySaw_orInBrackets_nameTheirAddress() {
        // As some load balancers write X-Forwarded-For: each client counted apart, not all as the proxy.
        assertThat(address(BEHIND_PROXIES, "10.0.0.5", "198.51.100.1:41234")).isEqualTo("198.51.100.1");
        assertThat(address(BEHIND_PROXIES, "10.0.0.5", "[2001:db8::7]:41234"))
                .isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(address(BEHIND_PROXIES, "10.0.0.5", "[2001:db8::7]")).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(address(BEHIND_PROXIES, "10.0.0.5", "2001:db8::7, 10.1.1.1:80"))
                .isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(address(BEHIND_PROXIES, "10.0.0.5", "198.51.100.1, [bad")).isEqualTo("10.0.0.5");
    }

    @Test
    void aPeerThatIsNoTrustedProxy_isTheClient_evenBehindProxiesElsewhere() {
        assertThat(address(BEHIND_PROXIES, "203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
    }

    @Test
    void ipv6Clients_countUnderTheirSlash64() {
        assertThat(DIRECT.key(request("2001:db8:1:2:aaaa::1"))).isEqualTo("ip:2001:db8:1:2::/64")
                .isEqualTo(DIRECT.key(request("2001:db8:1:2:bbbb:cccc:dddd:2")));
        assertThat(DIRECT.key(request("2001:db8:1:3::1"))).isEqualTo("ip:2001:db8:1:3::/64");
        assertThat(DIRECT.key(request("203.0.113.9"))).isEqualTo("ip:203.0.113.9");
    }

    private static String address(ClientAddresses addresses, String peer, String... forwardedFor) {
        return addresses.of(request(peer, forwardedFor)).getHostAddress();
    }

    private static ServiceRequestContext request(String peer, String... forwardedFor) {
        final RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.GET, "/v1/anything");
        for (String line : forwardedFor) {
            headers.add("x-forwarded-for", line);
        }
        return ServiceRequestContext.builder(HttpRequest.of(headers.build()))
                                    .remoteAddress(new InetSocketAddress(peer, 41234)).build();
    }
}
