package dev.tradeloom.enquiry.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.tradeloom.enquiry.EnquiryCoreTesting;

class SecretBoxTest {
    private final SecretBox box = SecretBox.fromBase64(EnquiryCoreTesting.newKey());

    @Test
    void sealed_opensWithTheSameKeyAndAssociatedData_only() {
        final byte[] sealed = box.seal("refresh-token-1", "tenant-a");
        assertThat(box.open(sealed, "tenant-a")).isEqualTo("refresh-token-1");
        assertThatThrownBy(() -> box.open(sealed, "tenant-b")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SecretBox.fromBase64(EnquiryCoreTesting.newKey()).open(sealed, "tenant-a"))
                .isInstanceOf(IllegalStateException.class);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> box.open(sealed, "tenant-a")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sealingTwice_givesDifferentCiphertexts() {
        assertThat(box.seal("same", "t")).isNotEqualTo(box.seal("same", "t"));
    }

    @Test
    void keysOfTheWrongSize_areRefused_withAClearMessage() {
        assertThatThrownBy(() -> SecretBox.fromBase64("c2hvcnQ="))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: 32 random bytes");
        assertThatThrownBy(() -> SecretBox.fromBase64("not base64 at all!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CRM_SECRET_KEY");
    }
}
