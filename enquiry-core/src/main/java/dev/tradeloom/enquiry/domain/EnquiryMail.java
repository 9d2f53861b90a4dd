package dev.tradeloom.enquiry.domain;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

import dev.tradeloom.enquiry.store.EnquiryRow;
import dev.tradeloom.platform.mail.MailOutbox;
import dev.tradeloom.platform.mail.MailRequest;
import dev.tradeloom.platform.queue.NewJob;

/**
 * The supplier's email about a new enquiry, through the outbox: a job for the enquiry's own transaction
 * to enqueue, in the tenant's language. One email goes to all the supplier's notification addresses
 * together, so the team sees who else has it and one SMTP transaction carries it to them all. The
 * de-duplication key names the enquiry, so a replayed creation never mails twice. What the sender left out
 * (phone, company, product, quantity) is left out of the email too.
 */
public final class EnquiryMail {
    /** Templates {@code mail/enquiry_received.<language>.txt}. */
    public static final String TEMPLATE = "enquiry_received";

    private final String baseUrl;

    public EnquiryMail(String publicBaseUrl) {
        baseUrl = requireNonNull(publicBaseUrl, "publicBaseUrl");
    }

    /**
     * The job of the email about {@code enquiry} to the supplier's notification {@code addresses}, in
     * {@code language}; none without addresses.
     */
    List<NewJob> received(EnquiryRow enquiry, List<String> addresses, String language) {
        if (addresses.isEmpty()) {
            return List.of();
        }
        final Map<String, String> variables = Map.of(
                "supplierName", enquiry.supplierName(),
                "contactName", enquiry.contactName(),
                "contactEmail", enquiry.contactEmail(),
                "contactPhone", enquiry.contactPhone(),
                "contactCompany", enquiry.contactCompany(),
                "product", product(enquiry),
                "quantity", quantity(enquiry),
                "message", enquiry.message(),
                "link", baseUrl + "/tenants/" + enquiry.tenantId() + "/enquiries/" + enquiry.id());
        return List.of(MailOutbox.job(TEMPLATE + ':' + enquiry.id(),
                                      new MailRequest(String.join(", ", addresses), TEMPLATE, language,
                                                      variables),
                                      enquiry.tenantId()));
    }

    /** The product's name and its page, or just the page when the name is not known; empty for none. */
    private String product(EnquiryRow enquiry) {
        if (enquiry.productId() == null) {
            return "";
        }
        final String page = baseUrl + "/storefronts/" + enquiry.tenantId() + "/products/" + enquiry.productId();
        return enquiry.productName().isEmpty() ? page : enquiry.productName() + " (" + page + ")";
    }

    private static String quantity(EnquiryRow enquiry) {
        return enquiry.quantity() == 0 ? "" : (enquiry.quantity() + " " + enquiry.quantityUnit()).trim();
    }
}
