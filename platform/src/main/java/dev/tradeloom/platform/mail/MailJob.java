package dev.tradeloom.platform.mail;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a mail job carries: the {@link MailRequest} still owed (its fields, so a job enqueued with a request
 * reads as one) and the recipients an earlier attempt's server refused for good while others were to be
 * tried again. Those are not offered again, but every failure the delivery records names them, and once the
 * others have the email the delivery ends failed, addressed to them alone for a retry after their addresses
 * are mended.
 */
record MailJob(String to, String template, String language, Map<String, String> variables,
               @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Refusal> refused) {

    /** A recipient the server refused for good, and its reply. */
    record Refusal(String address, String reply) {
        Refusal {
            requireNonNull(address, "address");
            requireNonNull(reply, "reply");
        }
    }

    MailJob(String to, String template, String language, Map<String, String> variables,
            @Nullable List<Refusal> refused) {
        this.to = requireNonNull(to, "to");
        this.template = requireNonNull(template, "template");
        this.language = requireNonNull(language, "language");
        this.variables = Map.copyOf(variables);
        // Absent from the jobs enqueued from a MailRequest.
        this.refused = refused == null ? List.of() : List.copyOf(refused);
    }

    /** The email to send now. */
    MailRequest request() {
        return new MailRequest(to, template, language, variables);
    }

    /** This email, addressed to {@code to}, with {@code refused} as the recipients refused for good. */
    MailJob addressedTo(String to, List<Refusal> refused) {
        return new MailJob(to, template, language, variables, refused);
    }
}
