package dev.tradeloom.bff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.config.ConfigException;
import dev.tradeloom.platform.config.Env;

class BffConfigTest {
    @Test
    void corsOrigins_areExactOrigins_neverAWildcard() {
        assertThat(BffConfig.fromEnv(Env.of(Map.of("CORS_ORIGINS", "https://shop.example.com, http://localhost:3000")))
                            .corsOrigins())
                .containsExactly("https://shop.example.com", "http://localhost:3000");
        for (String refused : new String[] { "*", "null", "https://*.example.com", "https://shop.example.com/" }) {
            assertThatThrownBy(() -> BffConfig.fromEnv(Env.of(Map.of("CORS_ORIGINS", refused))))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("CORS_ORIGINS");
        }
    }

    @Test
    void trustedProxies_areAddressesOrCidrBlocks() {
        assertThat(BffConfig.fromEnv(Env.of(Map.of("TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7"))).trustedProxies())
                .containsExactly("10.0.0.0/8", "192.0.2.7");
        assertThat(BffConfig.fromEnv(Env.of(Map.of())).trustedProxies()).isEmpty();
        assertThatThrownBy(() -> BffConfig.fromEnv(Env.of(Map.of("TRUSTED_PROXIES", "lb.internal"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("TRUSTED_PROXIES");
    }

    @Test
    void metricsAllowedNetworks_areAddressesOrCidrBlocks_loopbackAndPrivateByDefault() {
        assertThat(BffConfig.fromEnv(Env.of(Map.of())).metricsAllowedNetworks())
                .containsExactly("127.0.0.0/8", "::1", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                                 "fc00::/7");
        assertThat(BffConfig.fromEnv(Env.of(Map.of("METRICS_ALLOWED_NETWORKS", "10.0.0.0/8, 192.0.2.7")))
                            .metricsAllowedNetworks())
                .containsExactly("10.0.0.0/8", "192.0.2.7");
        assertThatThrownBy(() -> BffConfig.fromEnv(Env.of(Map.of("METRICS_ALLOWED_NETWORKS",
                                                                  "10.0.0.0/8, prometheus.internal"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("METRICS_ALLOWED_NETWORKS: 'prometheus.internal' is not an IP address");
    }
}
