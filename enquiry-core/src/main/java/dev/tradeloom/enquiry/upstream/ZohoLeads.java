package dev.tradeloom.enquiry.upstream;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tradeloom.enquiry.store.CrmConnectionRow;
import dev.tradeloom.enquiry.store.EnquiryRow;

/** Enquiries as Zoho CRM leads (INTEGRATIONS.md, "Zoho CRM"): the JSON of a lead upsert. */
final class ZohoLeads {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Zoho's longest First_Name and Last_Name of a lead; a longer one has the row refused as INVALID_DATA. */
    private static final int FIRST_NAME_MAX = 40;
    private static final int LAST_NAME_MAX = 80;
    /** Zoho's longest Email of a lead; an address may be up to 254 characters, and a longer one is refused. */
    private static final int EMAIL_MAX = 100;
    /** The field naming where a lead came from: a picklist, which an organisation may restrict to its values. */
    static final String LEAD_SOURCE = "Lead_Source";

    private ZohoLeads() {}

    /**
     * The body of an upsert of {@code batch}: one lead per enquiry, matched on the connection's external-id
     * field, with Zoho's workflow rules triggered; the Lead_Source "Tradeloom" when {@code leadSource}.
     */
    static String upsertBody(CrmConnectionRow connection, List<EnquiryRow> batch, boolean leadSource) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", batch.stream().map(enquiry -> lead(connection, enquiry, leadSource)).toList());
        body.put("duplicate_check_fields", List.of(connection.externalIdField()));
        body.put("trigger", List.of("workflow"));
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write a lead", e);
        }
    }

    private static Map<String, Object> lead(CrmConnectionRow connection, EnquiryRow enquiry, boolean leadSource) {
        final String name = enquiry.contactName().trim();
        final int space = name.lastIndexOf(' ');
        final String last = name.isEmpty() ? "Unknown" : space < 0 ? name : name.substring(space + 1);
        final String first = space > 0 ? name.substring(0, space) : "";
        final String lastName = cut(last, LAST_NAME_MAX);
        final String firstName = cut(first, FIRST_NAME_MAX);
        final Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("Last_Name", lastName);
        if (!firstName.isEmpty()) {
            lead.put("First_Name", firstName);
        }
        lead.put("Company", enquiry.contactCompany().isEmpty() ? "Not given" : enquiry.contactCompany());
        final String email = enquiry.contactEmail();
        // A cut address would reach someone else or no one: one too long goes in the Description instead.
        final boolean emailFits = email.codePointCount(0, email.length()) <= EMAIL_MAX;
        if (!email.isEmpty() && emailFits) {
            lead.put("Email", email);
        }
        if (!enquiry.contactPhone().isEmpty()) {
            lead.put("Phone", enquiry.contactPhone());
        }
        if (leadSource) {
            lead.put(LEAD_SOURCE, "Tradeloom");
        }
        final StringBuilder description = new StringBuilder(enquiry.message());
        if (!lastName.equals(last) || !firstName.equals(first)) {
            // The name fields hold only the start of the name.
            description.append("\nName: ").append(name);
        }
        if (!emailFits) {
            description.append("\nEmail: ").append(email);
        }
        if (enquiry.productId() != null) {
            description.append("\nProduct: ");
            if (!enquiry.productName().isEmpty()) {
                description.append(enquiry.productName()).append(", ");
            }
            description.append("id ").append(enquiry.productId());
        }
        if (enquiry.quantity() > 0) {
            description.append("\nQuantity: ").append(enquiry.quantity()).append(' ')
                       .append(enquiry.quantityUnit());
        }
        lead.put("Description", description.toString().trim());
        lead.put(connection.externalIdField(), enquiry.id().toString());
        return lead;
    }

    /** The first {@code max} characters of {@code value}, never half of a surrogate pair. */
    private static String cut(String value, int max) {
        if (value.codePointCount(0, value.length()) <= max) {
            return value;
        }
        return value.substring(0, value.offsetByCodePoints(0, max)).stripTrailing();
    }
}
