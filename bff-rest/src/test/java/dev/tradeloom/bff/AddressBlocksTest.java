package dev.tradeloom.bff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.common.net.InetAddresses;

class AddressBlocksTest {
    @Test
    void entries_areAddressesOrCidrBlocks() {
        assertThat(AddressBlocks.checkEntry("10.0.0.0/8")).isNull();
        assertThat(AddressBlocks.checkEntry("2001:db8::/32")).isNull();
        assertThat(AddressBlocks.checkEntry("192.0.2.7")).isNull();
        assertThat(AddressBlocks.checkEntry("proxy.internal")).contains("not an IP address or CIDR block");
        assertThat(AddressBlocks.checkEntry("*")).isNotNull();
    }

    @Test
    void contains_addressesInABlockOrEqualToAnAddress() {
        final AddressBlocks blocks = new AddressBlocks(List.of("172.16.0.0/12", "192.0.2.7", "fc00::/7"));
        for (String inside : new String[] { "172.16.0.1", "172.31.255.254", "192.0.2.7", "fd12::1" }) {
            assertThat(blocks.contains(InetAddresses.forString(inside))).as(inside).isTrue();
        }
        for (String outside : new String[] { "172.32.0.1", "192.0.2.8", "2001:db8::1", "8.8.8.8" }) {
            assertThat(blocks.contains(InetAddresses.forString(outside))).as(outside).isFalse();
        }
    }
}
