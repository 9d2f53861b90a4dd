package dev.tradeloom.tenant.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.crypto.SecretBox;

class AccountSecretsTest {
    private final AccountSecrets secrets =
            new AccountSecrets(SecretBox.fromBase64(AccountSecrets.SECRET_KEY, SecretBox.newKey()));

    @Test
    void aTotpSecret_opensOnlyForTheUserItWasSealedFor() {
        final UUID user = UUID.randomUUID();
        final byte[] sealed = secrets.sealTotp(user, "JBSWY3DPEHPK3PXP");
        assertThat(secrets.openTotp(user, sealed)).contains("JBSWY3DPEHPK3PXP");
        assertThat(secrets.openTotp(UUID.randomUUID(), sealed)).isEmpty();
    }

    @Test
    void aSigningKey_opensOnlyForItsKid_andNotAsATotpSecret() {
        final String kid = UUID.randomUUID().toString();
        final byte[] sealed = secrets.sealSigningKey(kid, "{\"d\":\"private\"}");
        assertThat(secrets.openSigningKey(kid, sealed)).isEqualTo("{\"d\":\"private\"}");
        assertThatThrownBy(() -> secrets.openSigningKey(UUID.randomUUID().toString(), sealed))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("ACCOUNT_SECRET_KEY does not open");
        assertThat(secrets.openTotp(UUID.fromString(kid), sealed)).isEmpty();
    }
}
