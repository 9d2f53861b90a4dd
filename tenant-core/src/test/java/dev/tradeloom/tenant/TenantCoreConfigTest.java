package dev.tradeloom.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.config.ConfigException;
import dev.tradeloom.platform.config.Env;
import dev.tradeloom.platform.crypto.SecretBox;

class TenantCoreConfigTest {

    @Test
    void accountSecretKey_isRequired() {
        assertThatThrownBy(() -> TenantCoreConfig.fromEnv(Env.of(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ACCOUNT_SECRET_KEY is required but not set (expected: 32 random bytes");
    }

    @Test
    void anAccountSecretKeyOfTheWrongSize_isRefused_withoutShowingIt() {
        assertThatThrownBy(() -> TenantCoreConfig.fromEnv(Env.of(Map.of("ACCOUNT_SECRET_KEY", "c2hvcnQ="))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ACCOUNT_SECRET_KEY: 5 bytes (expected: 32 random bytes in base64)")
                .message().doesNotContain("c2hvcnQ=");
    }

    @Test
    void anAccountSecretKey_isRead() {
        final TenantCoreConfig config = TenantCoreConfig.fromEnv(Env.of(Map.of("ACCOUNT_SECRET_KEY",
                                                                               SecretBox.newKey())));
        assertThat(config.accountSecrets().setting()).isEqualTo("ACCOUNT_SECRET_KEY");
    }
}
