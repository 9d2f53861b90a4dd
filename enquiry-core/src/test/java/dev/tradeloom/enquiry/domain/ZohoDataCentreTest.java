package dev.tradeloom.enquiry.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

class ZohoDataCentreTest {
    @Test
    void servesApi_acceptsTheApiServersOfItsOwnDataCentre() {
        assertThat(ZohoDataCentre.US.servesApi(URI.create("https://www.zohoapis.com"))).isTrue();
        assertThat(ZohoDataCentre.IN.servesApi(URI.create("https://www.zohoapis.in/"))).isTrue();
        assertThat(ZohoDataCentre.AU.servesApi(URI.create("https://www.zohoapis.com.au"))).isTrue();
        assertThat(ZohoDataCentre.CA.servesApi(URI.create("https://www.zohoapis.ca:443"))).isTrue();
        assertThat(ZohoDataCentre.EU.servesApi(URI.create("https://crm.ZohoApis.eu"))).isTrue();
    }

    @Test
    void servesApi_refusesAnythingElse() {
        for (String url : new String[] {
                "https://www.zohoapis.com", // another data centre's
                "http://www.zohoapis.in", // not https
                "https://zohoapis.in", // no host under the domain
                "https://www.zohoapis.in.attacker.example", "https://attackerzohoapis.in",
                "https://www.zohoapis.in:8443", "https://user@www.zohoapis.in", "https://www.zohoapis.in/crm",
                "https://www.zohoapis.in?x=1", "https://www.zohoapis.in#x", "https://127.0.0.1",
                "www.zohoapis.in", "//www.zohoapis.in"}) {
            assertThat(ZohoDataCentre.IN.servesApi(URI.create(url))).as(url).isFalse();
        }
    }
}
