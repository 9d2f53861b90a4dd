package dev.tradeloom.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretBoxTest {
    private final SecretBox box = SecretBox.fromBase64("SOME_SECRET_KEY", SecretBox.newKey());

    @Test
    void sealed_opensWithTheSameKeyAndAssociatedData_only() {
        final byte[] sealed = box.seal("refresh-token-1", "tenant-a");
        assertThat(box.open(sealed, "tenant-a")).isEqualTo("refresh-token-1");
        assertThatThrownBy(() -> box.open(sealed, "tenant-b")).isInstanceOf(UnopenableSecretException.class);
        final SecretBox otherKey = SecretBox.fromBase64("SOME_SECRET_KEY", SecretBox.newKey());
        assertThatThrownBy(() -> otherKey.open(sealed, "tenant-a"))
                .isInstanceOf(UnopenableSecretException.class).hasMessageContaining("wrong SOME_SECRET_KEY");
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> box.open(sealed, "tenant-a")).isInstanceOf(UnopenableSecretException.class);
        assertThatThrownBy(() -> box.open(new byte[3], "tenant-a")).isInstanceOf(UnopenableSecretException.class);
    }

    @Test
    void sealingTwice_givesDifferentCiphertexts() {
        assertThat(box.seal("same", "t")).isNotEqualTo(box.seal("same", "t"));
    }

    @Test
    void keysOfTheWrongSize_areRefused_withAMessageNamingTheSetting() {
        assertThatThrownBy(() -> SecretBox.fromBase64("SOME_SECRET_KEY", "c2hvcnQ="))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SOME_SECRET_KEY: 5 bytes (expected: 32 random bytes in base64)");
        assertThatThrownBy(() -> SecretBox.fromBase64("OTHER_KEY", "not base64 at all!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OTHER_KEY is not base64 (expected: 32 random bytes in base64)");
    }

    @Test
    void newKey_isAKeyFromBase64Reads() {
        assertThat(SecretBox.fromBase64("K", SecretBox.newKey()).setting()).isEqualTo("K");
        assertThat(SecretBox.newKey()).isNotEqualTo(SecretBox.newKey());
    }
}
