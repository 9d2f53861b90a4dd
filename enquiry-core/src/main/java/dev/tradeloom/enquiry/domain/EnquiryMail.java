package dev.tradeloom.enquiry.domain;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tradeloom.enquiry.store.EnquiryRow;
import dev.tradeloom.platform.mail.MailOutbox;
import dev.tradeloom.platform.mail.MailRequest;
import dev.tradeloom.platform.queue.NewJob;

/**
 * The supplier's email about a new enquiry, through the outbox: jobs for the enquiry's own transaction
 * to enqueue, one per notification address, in the tenant's language. The de-duplication key names the
 * enquiry and the address, so a replayed creation never mails twice.
 */
public final class EnquiryMail {
    /** Templates {@code mail/enquiry_received.<language>.txt}. */
    public static final String TEMPLATE = "enquiry_received";

    private final String baseUrl;

    public EnquiryMail(String publicBaseUrl) {
        baseUrl = requireNonNull(publicBaseUrl, "publicBaseUrl");
    }

    /**
     * The jobs of the emails about {@code enquiry} to the supplier's notification {@code addresses}, in
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
                "productId", enquiry.productId() == null ? "-" : enquiry.productId().toString(),
                "quantity", quantity(enquiry),
                "message", enquiry.message(),
                "link", baseUrl + "/tenants/" + enquiry.tenantId() + "/enquiries/" + enquiry.id());
        return addresses.stream()
                        .map(to -> MailOutbox.job(dedupKey(enquiry, to),
                                                  new MailRequest(to, TEMPLATE, language, variables),
                                                  enquiry.tenantId()))
                        .toList();
    }

    private static String quantity(EnquiryRow enquiry) {
        return enquiry.quantity() == 0 ? "-" : (enquiry.quantity() + " " + enquiry.quantityUnit()).trim();
    }

    /** One email per enquiry and address. */
    static String dedupKey(EnquiryRow enquiry, String to) {
        return TEMPLATE + ':' + enquiry.id() + ':' + to.toLowerCase(Locale.ROOT);
    }
}
