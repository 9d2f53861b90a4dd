package dev.tradeloom.enquiry.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tradeloom.enquiry.EnquiryCoreTesting;
import dev.tradeloom.platform.crypto.SecretBox;

class GuestCounterKeysTest {

    @Test
    void keysFromTheSameCrmKey_agree_soReplicasCountAGuestTogether() {
        final String crmKey = EnquiryCoreTesting.newKey();
        final GuestCounterKeys one = GuestCounterKeys.of(crmBox(crmKey));
        final GuestCounterKeys otherReplica = GuestCounterKeys.of(crmBox(crmKey));

        assertThat(one.email("Meera@Example.com")).isEqualTo(otherReplica.email(" meera@example.com"));
        assertThat(one.network("2001:db8:7:1::1")).isEqualTo(otherReplica.network("2001:db8:7:1::2"));
        assertThat(one.network("192.0.2.1")).isNotEqualTo(otherReplica.network("192.0.2.2"));
    }

    @Test
    void spellingsOfOneMailbox_countUnderOneKey_andOtherMailboxesUnderTheirOwn() {
        final GuestCounterKeys keys = GuestCounterKeys.of(crmBox(EnquiryCoreTesting.newKey()));
        final String meera = keys.email("meera@example.com");
        assertThat(List.of("meera+1@example.com", " Meera+Quotes+2@EXAMPLE.com", "meera+@example.com"))
                .allSatisfy(spelling -> assertThat(keys.email(spelling)).as(spelling).isEqualTo(meera));
        final String gmail = keys.email("meera.shah@gmail.com");
        assertThat(List.of("meerashah@gmail.com", "m.e.e.r.a.shah+x@googlemail.com", "MeeraShah@GMail.com"))
                .allSatisfy(spelling -> assertThat(keys.email(spelling)).as(spelling).isEqualTo(gmail));
        assertThat(List.of("meera.shah@example.com", "meerashah@example.com", "meera@example.org",
                           "meera-1@example.com", "+meera@example.com"))
                .allSatisfy(other -> assertThat(keys.email(other)).as(other).isNotEqualTo(meera)
                                                                     .isNotEqualTo(gmail));
        assertThat(keys.email("meera.shah@example.com")).isNotEqualTo(keys.email("meerashah@example.com"));
    }

    @Test
    void anotherKey_countsUnderOtherKeys() {
        final GuestCounterKeys one = GuestCounterKeys.of(crmBox(EnquiryCoreTesting.newKey()));
        final GuestCounterKeys other = GuestCounterKeys.of(crmBox(EnquiryCoreTesting.newKey()));
        assertThat(one.email("meera@example.com")).isNotEqualTo(other.email("meera@example.com"));
        assertThat(one.network("192.0.2.1")).isNotEqualTo(other.network("192.0.2.1"));
        // Without a CRM key, each process has a key of its own.
        assertThat(GuestCounterKeys.of(null).email("meera@example.com"))
                .isNotEqualTo(GuestCounterKeys.of(null).email("meera@example.com"));
    }

    private static SecretBox crmBox(String key) {
        return SecretBox.fromBase64(CrmSettings.SECRET_KEY, key);
    }
}
