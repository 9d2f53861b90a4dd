package dev.tradeloom.enquiry.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tradeloom.enquiry.store.CrmConnectionRow;
import dev.tradeloom.enquiry.store.EnquiryRow;

/** The lead an enquiry becomes: what a product asked about looks like in it. */
class ZohoLeadsTest {
    private static final CrmConnectionRow CONNECTION = new CrmConnectionRow(
            UUID.randomUUID(), null, null, "Tradeloom_Enquiry_Id", new byte[0], 0, Instant.now(), Instant.now());
    private static final UUID PRODUCT = UUID.randomUUID();

    @Test
    void aProductAskedAbout_isNamedInTheDescription_withItsId() throws Exception {
        assertThat(description(enquiry(PRODUCT, "Banarasi silk saree")))
                .isEqualTo("Ten pieces, please\nProduct: Banarasi silk saree, id " + PRODUCT);
    }

    @Test
    void aProductWhoseNameIsNotKnown_isGivenByItsId() throws Exception {
        assertThat(description(enquiry(PRODUCT, ""))).isEqualTo("Ten pieces, please\nProduct: id " + PRODUCT);
    }

    @Test
    void withoutAProduct_theDescriptionSaysNothingOfOne() throws Exception {
        assertThat(description(enquiry(null, ""))).isEqualTo("Ten pieces, please");
    }

    private static String description(EnquiryRow enquiry) throws Exception {
        final JsonNode body = new ObjectMapper().readTree(ZohoLeads.upsertBody(CONNECTION, List.of(enquiry), true));
        return body.path("data").get(0).path("Description").asText();
    }

    private static EnquiryRow enquiry(UUID product, String productName) {
        final Instant now = Instant.now();
        return new EnquiryRow(CONNECTION.tenantId(), UUID.randomUUID(), null, null, "Surat Silk Mills", product,
                              productName, 0, "", "Ten pieces, please", "Meera Shah", "meera@example.com", "", "",
                              "new", null, null, 1, now, now);
    }
}
