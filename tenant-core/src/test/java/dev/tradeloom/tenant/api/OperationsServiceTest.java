package dev.tradeloom.tenant.api;

import static dev.tradeloom.tenant.TenantCoreTesting.newEmail;
import static dev.tradeloom.tenant.api.TenantServiceTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tradeloom.platform.mail.MailOutbox;
import dev.tradeloom.platform.mail.MailRequest;
import dev.tradeloom.platform.queue.JobQueue;
import dev.tradeloom.platform.queue.NewJob;
import dev.tradeloom.platform.testing.Eventually;
import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tenant.v1.FailedEmail;
import dev.tradeloom.tenant.v1.ListFailedEmailsRequest;
import dev.tradeloom.tenant.v1.OperationsServiceGrpc.OperationsServiceBlockingStub;
import dev.tradeloom.tenant.v1.RetryEmailRequest;
import io.grpc.Status;

class OperationsServiceTest {
    private static TenantCoreTesting tc;
    private static OperationsServiceBlockingStub operator;
    private static OperationsServiceBlockingStub member;

    @BeforeAll
    static void start() {
        final String operatorEmail = newEmail("operator");
        tc = TenantCoreTesting.withPlatformAdmins(operatorEmail);
        operator = tc.client(OperationsServiceBlockingStub.class, tc.signUp(operatorEmail));
        member = tc.client(OperationsServiceBlockingStub.class, tc.signUp(newEmail("member")));
    }

    @AfterAll
    static void stop() {
        tc.close();
    }

    @Test
    void failedEmail_isListedForOperators_andRetryDeliversIt() throws Exception {
        final String to = newEmail("unlucky");
        final UUID id = deadEmail(to, "invitation:" + UUID.randomUUID(), "550 mailbox unavailable");

        final FailedEmail failed = operator.listFailedEmails(ListFailedEmailsRequest.getDefaultInstance())
                                           .getEmailsList().stream()
                                           .filter(e -> e.getId().equals(id.toString())).findFirst().orElseThrow();
        assertThat(failed.getReason()).isEqualTo("550 mailbox unavailable");
        assertThat(failed.getSubject()).startsWith("invitation:");
        assertThat(failed.toString()).doesNotContain(to);

        operator.retryEmail(RetryEmailRequest.newBuilder().setEmailId(id.toString()).build());
        Eventually.await(Duration.ofSeconds(20), "the retried email arrives", () -> tc.mail.count(to) == 1);
        assertThat(operator.listFailedEmails(ListFailedEmailsRequest.getDefaultInstance()).getEmailsList())
                .extracting(FailedEmail::getId).doesNotContain(id.toString());
    }

    @Test
    void nonOperators_areRefused_andUnknownEmails_areNotFound() {
        assertThatThrownBy(() -> member.listFailedEmails(ListFailedEmailsRequest.getDefaultInstance()))
                .satisfies(e -> assertThat(Status.fromThrowable(e).getCode())
                        .isEqualTo(Status.Code.PERMISSION_DENIED));
        assertThatThrownBy(() -> operator.retryEmail(RetryEmailRequest.newBuilder()
                                                                      .setEmailId(UUID.randomUUID().toString())
                                                                      .build()))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "DELIVERY_NOT_FOUND"));
    }

    /** An email job as the outbox writes it, scheduled far ahead and then given up, as after its last attempt. */
    private static UUID deadEmail(String to, String dedupKey, String reason) throws Exception {
        final String payload = new ObjectMapper().writeValueAsString(
                new MailRequest(to, "invitation", "en",
                                Map.of("tenantName", "Asha Silks", "role", "sales", "link", "http://x/accept")));
        final JobQueue queue = new JobQueue(tc.db().jdbi(), tc.db().schema());
        tc.db().jdbi().useTransaction(h -> queue.enqueue(h, NewJob.of(MailOutbox.QUEUE, dedupKey, payload)
                                                                 .runAt(Instant.now().plusSeconds(3600))));
        return tc.db().jdbi().withHandle(h -> h.createQuery("""
                update jobs set state = 'dead', attempts = max_attempts, last_error = :reason
                where dedup_key = :key returning id""").bind("reason", reason).bind("key", dedupKey)
                                               .mapTo(UUID.class).one());
    }
}
