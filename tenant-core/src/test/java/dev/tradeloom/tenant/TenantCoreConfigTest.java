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

    @Test
    void platformAdminEmails_areNoneByDefault_andReadInLowerCase() {
        final Env env = Env.of(Map.of("ACCOUNT_SECRET_KEY", SecretBox.newKey()));
        assertThat(TenantCoreConfig.fromEnv(env).platformAdminEmails()).isEmpty();
        assertThat(TenantCoreConfig.fromEnv(env.with(Map.of(
                "PLATFORM_ADMIN_EMAILS", " Ops@Example.com, ,second+ops@example.co.in ")))
                .platformAdminEmails())
                .containsExactlyInAnyOrder("ops@example.com", "second+ops@example.co.in");
    }

    @Test
    void aMalformedPlatformAdminEmail_stopsTheStart_namingIt() {
        final Env env = Env.of(Map.of("ACCOUNT_SECRET_KEY", SecretBox.newKey(),
                                      "PLATFORM_ADMIN_EMAILS", "ops@example.com, ops at example.com"));
        assertThatThrownBy(() -> TenantCoreConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PLATFORM_ADMIN_EMAILS: 'ops at example.com' is not an email address");
    }
}
