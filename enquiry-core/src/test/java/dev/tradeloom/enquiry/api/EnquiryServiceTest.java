package dev.tradeloom.enquiry.api;

import static dev.tradeloom.enquiry.EnquiryCoreTesting.assertStatus;
import static dev.tradeloom.enquiry.EnquiryCoreTesting.userId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.enquiry.EnquiryCoreTesting;
import dev.tradeloom.enquiry.EnquiryCoreTesting.Team;
import dev.tradeloom.enquiry.domain.GuestLimits;
import dev.tradeloom.enquiry.v1.ConnectZohoRequest;
import dev.tradeloom.enquiry.v1.CreateEnquiryRequest;
import dev.tradeloom.enquiry.v1.CrmServiceGrpc.CrmServiceBlockingStub;
import dev.tradeloom.enquiry.v1.Enquiry;
import dev.tradeloom.enquiry.v1.EnquiryContact;
import dev.tradeloom.enquiry.v1.EnquiryServiceGrpc.EnquiryServiceBlockingStub;
import dev.tradeloom.enquiry.v1.EnquiryStatus;
import dev.tradeloom.enquiry.v1.ListMyEnquiriesRequest;
import dev.tradeloom.enquiry.v1.ListMyEnquiriesResponse;
import dev.tradeloom.enquiry.v1.ZohoDataCentre;
import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tenant.v1.AuthServiceGrpc.AuthServiceBlockingStub;
import dev.tradeloom.tenant.v1.LoginRequest;
import dev.tradeloom.tenant.v1.RegisterRequest;
import dev.tradeloom.tenant.v1.VerifyEmailRequest;
import dev.tradeloom.tenant.v1.TenantKind;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Sending enquiries: signed-in buyers, guests and their daily limits, idempotency, unknown suppliers. */
class EnquiryServiceTest {
    private static final GuestLimits LIMITS = new GuestLimits(2, 3);

    private static EnquiryCoreTesting ec;
    private static Team supplier;

    @BeforeAll
    static void start() {
        ec = new EnquiryCoreTesting(LIMITS);
        supplier = ec.supplier("Surat Silk Mills", TenantKind.TENANT_KIND_SUPPLIER);
    }

    @AfterAll
    static void stop() {
        ec.close();
    }

    @Test
    void buyerCreate_isNewWithSupplierName_andReplayReturnsTheFirst() {
        final String buyer = ec.buyer();
        final EnquiryServiceBlockingStub stub = ec.client(EnquiryServiceBlockingStub.class, buyer);
        final String requestId = UUID.randomUUID().toString();
        final String productId = UUID.randomUUID().toString();
        final Enquiry first = stub.createEnquiry(request(supplier.tenantId(), "500 m of georgette, please")
                .setRequestId(requestId)
                .setEnquiry(enquiry("500 m of georgette, please").setProductId(productId).setQuantity(500)
                                                                 .setQuantityUnit("metres"))
                .build());
        assertThat(first.getStatus()).isEqualTo(EnquiryStatus.ENQUIRY_STATUS_NEW);
        assertThat(first.getSupplierName()).isEqualTo(supplier.name());
        assertThat(first.getBuyerUserId()).isEqualTo(userId(buyer));
        assertThat(first.getProductId()).isEqualTo(productId);
        assertThat(first.getQuantity()).isEqualTo(500);
        assertThat(first.getEtag()).isEqualTo("1");

        final Enquiry replay = stub.createEnquiry(request(supplier.tenantId(), "a different text")
                                                          .setRequestId(requestId).build());
        assertThat(replay).isEqualTo(first);
        final ListMyEnquiriesResponse mine = stub.listMyEnquiries(ListMyEnquiriesRequest.getDefaultInstance());
        assertThat(mine.getEnquiriesList()).extracting(Enquiry::getId).containsExactly(first.getId());
    }

    @Test
    void aProductNamed_whileCatalogCoreCannotBeAsked_isTakenWithoutItsName() {
        // This enquiry-core asks a catalog-core that does not listen (EnquiryCoreTesting.NO_CATALOG_CORE).
        final String productId = UUID.randomUUID().toString();
        final Enquiry sent = ec.client(EnquiryServiceBlockingStub.class, ec.buyer()).createEnquiry(
                request(supplier.tenantId(), "is it in stock?")
                        .setEnquiry(enquiry("is it in stock?").setProductId(productId)).build());
        assertThat(sent.getProductId()).isEqualTo(productId);
        assertThat(sent.getProductName()).isEmpty();
    }

    @Test
    void signedInBuyer_withoutAnEmailAddress_isReachedAtTheirAccounts_andDetailsTheyGiveAreKept() {
        final String email = TenantCoreTesting.newEmail("reachable");
        final EnquiryServiceBlockingStub stub = ec.client(EnquiryServiceBlockingStub.class,
                                                          ec.tenantCore.signUp(email));
        final Enquiry bare = stub.createEnquiry(request(supplier.tenantId(), "200 m of chiffon").build());
        assertThat(bare.getContact().getEmail()).isEqualTo(email);
        assertThat(bare.getContact().getName()).isEqualTo(email.substring(0, email.indexOf('@')));

        final Enquiry named = stub.createEnquiry(request(supplier.tenantId(), "and 100 m of crepe")
                .setEnquiry(enquiry("and 100 m of crepe").setContact(EnquiryContact.newBuilder().setName("Meera")
                                                                                 .setPhone("+91 98765 43210")))
                .build());
        assertThat(named.getContact().getName()).isEqualTo("Meera");
        assertThat(named.getContact().getEmail()).isEqualTo(email);
        assertThat(named.getContact().getPhone()).isEqualTo("+91 98765 43210");

        final Enquiry given = stub.createEnquiry(request(supplier.tenantId(), "samples first")
                .setEnquiry(enquiry("samples first").setContact(EnquiryContact.newBuilder().setName("Meera")
                                                                              .setEmail("orders@mill.example")))
                .build());
        assertThat(given.getContact().getEmail()).isEqualTo("orders@mill.example");
    }

    @Test
    void sameRequestId_fromAnotherSender_isAlreadyExists() {
        final String requestId = UUID.randomUUID().toString();
        ec.client(EnquiryServiceBlockingStub.class, ec.buyer())
          .createEnquiry(request(supplier.tenantId(), "first").setRequestId(requestId).build());
        final EnquiryServiceBlockingStub other = ec.client(EnquiryServiceBlockingStub.class, ec.buyer());
        assertThatThrownBy(() -> other.createEnquiry(request(supplier.tenantId(), "second")
                                                             .setRequestId(requestId).build()))
                .satisfies(e -> assertStatus(e, Status.Code.ALREADY_EXISTS, "REQUEST_ID_REUSED"));
    }

    @Test
    void listMyEnquiries_showsOnlyTheCallersOwn_newestFirst_inPages() {
        final String buyer = ec.buyer();
        final EnquiryServiceBlockingStub stub = ec.client(EnquiryServiceBlockingStub.class, buyer);
        final Team other = ec.supplier("Jaipur Prints", TenantKind.TENANT_KIND_BOTH);
        final Enquiry a = stub.createEnquiry(request(supplier.tenantId(), "one").build());
        final Enquiry b = stub.createEnquiry(request(other.tenantId(), "two").build());
        final Enquiry c = stub.createEnquiry(request(supplier.tenantId(), "three").build());
        ec.client(EnquiryServiceBlockingStub.class, ec.buyer()).createEnquiry(request(supplier.tenantId(), "x")
                                                                                  .build());

        final ListMyEnquiriesResponse page1 = stub.listMyEnquiries(ListMyEnquiriesRequest.newBuilder()
                                                                                         .setPageSize(2).build());
        assertThat(page1.getEnquiriesList()).extracting(Enquiry::getId).containsExactly(c.getId(), b.getId());
        final ListMyEnquiriesResponse page2 = stub.listMyEnquiries(ListMyEnquiriesRequest.newBuilder().setPageSize(2)
                .setPageToken(page1.getNextPageToken()).build());
        assertThat(page2.getEnquiriesList()).extracting(Enquiry::getId).containsExactly(a.getId());
        assertThat(page2.getNextPageToken()).isEmpty();
    }

    @Test
    void listMyEnquiries_withoutSignIn_isUnauthenticated() {
        final EnquiryServiceBlockingStub guest = ec.guest(EnquiryServiceBlockingStub.class, "198.51.100.1");
        assertThatThrownBy(() -> guest.listMyEnquiries(ListMyEnquiriesRequest.getDefaultInstance()))
                .satisfies(e -> assertStatus(e, Status.Code.UNAUTHENTICATED, "SIGN_IN_REQUIRED"));
    }

    @Test
    void guestCreate_withNameAndEmail_isAccepted_withoutBuyer() {
        final Enquiry enquiry = ec.guest(EnquiryServiceBlockingStub.class, "198.51.100.10")
                                  .createEnquiry(guestRequest(TenantCoreTesting.newEmail("guest"), "Need samples"));
        assertThat(enquiry.getBuyerUserId()).isEmpty();
        assertThat(enquiry.getContact().getName()).isEqualTo("Meera");
        assertThat(enquiry.getStatus()).isEqualTo(EnquiryStatus.ENQUIRY_STATUS_NEW);
    }

    @Test
    void guestCreate_withoutNameOrEmail_isInvalidArgument_namingBothFields() {
        final EnquiryServiceBlockingStub guest = ec.guest(EnquiryServiceBlockingStub.class, "198.51.100.11");
        assertThatThrownBy(() -> guest.createEnquiry(request(supplier.tenantId(), "hello").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(TenantCoreTesting.badRequest(e).getFieldViolationsList())
                            .extracting(v -> v.getField())
                            .containsExactlyInAnyOrder("enquiry.contact.name", "enquiry.contact.email");
                });
    }

    @Test
    void guest_beyondDailyLimitPerEmail_isResourceExhausted_butReplaysStillAnswer() {
        final String email = TenantCoreTesting.newEmail("chatty");
        final String requestId = UUID.randomUUID().toString();
        final Enquiry first = ec.guest(EnquiryServiceBlockingStub.class, "203.0.113.1").createEnquiry(
                guestRequest(email, "first").toBuilder().setRequestId(requestId).build());
        ec.guest(EnquiryServiceBlockingStub.class, "203.0.113.2").createEnquiry(guestRequest(email, "second"));
        final EnquiryServiceBlockingStub third = ec.guest(EnquiryServiceBlockingStub.class, "203.0.113.3");
        assertThatThrownBy(() -> third.createEnquiry(guestRequest(email, "third")))
                .satisfies(e -> assertStatus(e, Status.Code.RESOURCE_EXHAUSTED, "GUEST_ENQUIRY_LIMIT"))
                .hasMessageContaining("at most 2 enquiries a day from one email address");
        // A retry of an accepted enquiry is not a new one.
        assertThat(third.createEnquiry(guestRequest(email, "first").toBuilder().setRequestId(requestId).build())
                        .getId()).isEqualTo(first.getId());
        // Signed-in buyers are not held to the guest limit.
        ec.client(EnquiryServiceBlockingStub.class, ec.buyer()).createEnquiry(request(supplier.tenantId(), "fine")
                                                                                  .build());
    }

    @Test
    void guest_plusAddressedVariantsOfOneMailbox_shareItsDailyLimit_butEachEnquiryKeepsItsAddress() {
        final String mailbox = "tagged-" + UUID.randomUUID();
        final String first = mailbox + "+1@example.com";
        final String second = mailbox.toUpperCase(Locale.ROOT) + "+enquiries@Example.com";
        assertThat(ec.guest(EnquiryServiceBlockingStub.class, "203.0.113.31")
                     .createEnquiry(guestRequest(first, "one")).getContact().getEmail()).isEqualTo(first);
        assertThat(ec.guest(EnquiryServiceBlockingStub.class, "203.0.113.32")
                     .createEnquiry(guestRequest(second, "two")).getContact().getEmail()).isEqualTo(second);
        final EnquiryServiceBlockingStub third = ec.guest(EnquiryServiceBlockingStub.class, "203.0.113.33");
        assertThatThrownBy(() -> third.createEnquiry(guestRequest(mailbox + "+3@example.com", "three")))
                .satisfies(e -> assertStatus(e, Status.Code.RESOURCE_EXHAUSTED, "GUEST_ENQUIRY_LIMIT"))
                .hasMessageContaining("at most 2 enquiries a day from one email address");
        // Another mailbox of the same domain has a budget of its own.
        third.createEnquiry(guestRequest(mailbox + "-desk+1@example.com", "fine"));
    }

    @Test
    void guest_gmailAddressesThatDifferOnlyInDots_shareOneLimit_whileOtherDomainsDotsNameOtherMailboxes() {
        final String name = "dotted" + UUID.randomUUID().toString().replace("-", "");
        final String dotted = name.substring(0, 3) + '.' + name.substring(3, 10) + '.' + name.substring(10);
        ec.guest(EnquiryServiceBlockingStub.class, "203.0.113.41")
          .createEnquiry(guestRequest(name + "@gmail.com", "one"));
        final Enquiry second = ec.guest(EnquiryServiceBlockingStub.class, "203.0.113.42")
                                 .createEnquiry(guestRequest(dotted + "+x@googlemail.com", "two"));
        assertThat(second.getContact().getEmail()).isEqualTo(dotted + "+x@googlemail.com");
        final EnquiryServiceBlockingStub third = ec.guest(EnquiryServiceBlockingStub.class, "203.0.113.43");
        assertThatThrownBy(() -> third.createEnquiry(guestRequest(dotted + "@Gmail.com", "three")))
                .satisfies(e -> assertStatus(e, Status.Code.RESOURCE_EXHAUSTED, "GUEST_ENQUIRY_LIMIT"));
        // Elsewhere a dot may tell two mailboxes apart.
        third.createEnquiry(guestRequest(name + "@example.com", "four"));
        third.createEnquiry(guestRequest(dotted + "@example.com", "five"));
    }

    @Test
    void anAccountWhoseEmailIsNotVerified_isHeldToTheGuestLimits_untilItIsVerified_whateverItsTokenSays() {
        final String email = TenantCoreTesting.newEmail("unverified");
        final AuthServiceBlockingStub auth = ec.tenantCore.auth(null);
        auth.register(RegisterRequest.newBuilder().setEmail(email).setPassword(TenantCoreTesting.PASSWORD)
                                     .setDisplayName("Kiran").build());
        final String unverified = login(auth, email);
        final EnquiryServiceBlockingStub stub = ec.client(EnquiryServiceBlockingStub.class, unverified,
                                                          "203.0.113.77");
        for (int i = 0; i < LIMITS.perEmailPerDay(); i++) {
            assertThat(stub.createEnquiry(request(supplier.tenantId(), "bulk order " + i).build())
                           .getContact().getEmail()).isEqualTo(email);
        }
        assertThatThrownBy(() -> stub.createEnquiry(request(supplier.tenantId(), "one more").build()))
                .satisfies(e -> assertStatus(e, Status.Code.RESOURCE_EXHAUSTED, "GUEST_ENQUIRY_LIMIT"))
                .hasMessageContaining("verify your email address to send more");

        auth.verifyEmail(VerifyEmailRequest.newBuilder().setToken(ec.tenantCore.mail.last("verify", email)).build());
        // The token from before the verification still says unverified: the account is asked.
        for (int i = 0; i < LIMITS.perAddressPerDay() + 1; i++) {
            assertThat(stub.createEnquiry(request(supplier.tenantId(), "verified order " + i).build())
                           .getContact().getEmail()).isEqualTo(email);
        }
        final EnquiryServiceBlockingStub fresh = ec.client(EnquiryServiceBlockingStub.class, login(auth, email),
                                                           "203.0.113.77");
        fresh.createEnquiry(request(supplier.tenantId(), "with a fresh token").build());
    }

    private static String login(AuthServiceBlockingStub auth, String email) {
        return auth.login(LoginRequest.newBuilder().setEmail(email).setPassword(TenantCoreTesting.PASSWORD).build())
                   .getTokens().getAccessToken();
    }

    @Test
    void guest_refusedOverTheLimit_leavesNothingStored_soTheRetryIsRefusedToo() {
        final String email = TenantCoreTesting.newEmail("eager");
        final EnquiryServiceBlockingStub guest = ec.guest(EnquiryServiceBlockingStub.class, "203.0.113.20");
        guest.createEnquiry(guestRequest(email, "one"));
        guest.createEnquiry(guestRequest(email, "two"));
        final CreateEnquiryRequest third =
                guestRequest(email, "three").toBuilder().setRequestId(UUID.randomUUID().toString()).build();
        assertThatThrownBy(() -> guest.createEnquiry(third))
                .satisfies(e -> assertStatus(e, Status.Code.RESOURCE_EXHAUSTED, "GUEST_ENQUIRY_LIMIT"));
        // Had the refused enquiry been stored, its retry would replay it.
        assertThatThrownBy(() -> guest.createEnquiry(third))
                .satisfies(e -> assertStatus(e, Status.Code.RESOURCE_EXHAUSTED, "GUEST_ENQUIRY_LIMIT"));
    }

    @Test
    void guest_beyondDailyLimitPerAddress_isResourceExhausted() {
        final EnquiryServiceBlockingStub office = ec.guest(EnquiryServiceBlockingStub.class, "192.0.2.77");
        for (int i = 0; i < 3; i++) {
            office.createEnquiry(guestRequest(TenantCoreTesting.newEmail("desk" + i), "request " + i));
        }
        assertThatThrownBy(() -> office.createEnquiry(guestRequest(TenantCoreTesting.newEmail("desk3"), "again")))
                .satisfies(e -> assertStatus(e, Status.Code.RESOURCE_EXHAUSTED, "GUEST_ENQUIRY_LIMIT"))
                .hasMessageContaining("at most 3 enquiries a day from one network address");
        // Another address is a different guest.
        ec.guest(EnquiryServiceBlockingStub.class, "192.0.2.78")
          .createEnquiry(guestRequest(TenantCoreTesting.newEmail("desk4"), "fine"));
    }

    @Test
    void guest_beyondDailyLimitPerAddress_countsIpv6AddressesPerSlash64() {
        // One subscriber's /64 is one guest, however many of its addresses they rotate through.
        final String[] oneBlock = { "2001:db8:7:1::1", "2001:db8:7:1:ffff:ffff:ffff:fffe", "2001:db8:7:1::2:3" };
        for (int i = 0; i < oneBlock.length; i++) {
            ec.guest(EnquiryServiceBlockingStub.class, oneBlock[i])
              .createEnquiry(guestRequest(TenantCoreTesting.newEmail("rotating" + i), "request " + i));
        }
        final EnquiryServiceBlockingStub fourth = ec.guest(EnquiryServiceBlockingStub.class,
                                                           "2001:db8:7:1:a:b:c:d");
        assertThatThrownBy(() -> fourth.createEnquiry(guestRequest(TenantCoreTesting.newEmail("rotating3"),
                                                                   "again")))
                .satisfies(e -> assertStatus(e, Status.Code.RESOURCE_EXHAUSTED, "GUEST_ENQUIRY_LIMIT"))
                .hasMessageContaining("at most 3 enquiries a day from one network address");
        // The neighbouring /64 is a different guest.
        ec.guest(EnquiryServiceBlockingStub.class, "2001:db8:7:2::1")
          .createEnquiry(guestRequest(TenantCoreTesting.newEmail("neighbour"), "fine"));
    }

    @Test
    void guest_beyondDailyLimitPerAddress_countsAnIpv4MappedAddressAsItsIpv4Address() {
        final String[] sameClient = { "192.0.2.200", "::ffff:192.0.2.200", "::ffff:c000:2c8" };
        for (int i = 0; i < sameClient.length; i++) {
            ec.guest(EnquiryServiceBlockingStub.class, sameClient[i])
              .createEnquiry(guestRequest(TenantCoreTesting.newEmail("mapped" + i), "request " + i));
        }
        final EnquiryServiceBlockingStub fourth = ec.guest(EnquiryServiceBlockingStub.class, "192.0.2.200");
        assertThatThrownBy(() -> fourth.createEnquiry(guestRequest(TenantCoreTesting.newEmail("mapped3"),
                                                                   "again")))
                .satisfies(e -> assertStatus(e, Status.Code.RESOURCE_EXHAUSTED, "GUEST_ENQUIRY_LIMIT"));
        // IPv4 addresses are not grouped: the next one is another guest.
        ec.guest(EnquiryServiceBlockingStub.class, "192.0.2.201")
          .createEnquiry(guestRequest(TenantCoreTesting.newEmail("nextdoor"), "fine"));
    }

    @Test
    void guestCounters_areKeyedWithASecret_notByDigestsAnyoneCanRecompute() {
        // Every IPv4 address hashes in minutes, and a list of known emails as fast: a plain SHA-256 key
        // gives both back to whoever reads the table.
        final String email = TenantCoreTesting.newEmail("Counted.Guest");
        final String address = "198.51.100.123";
        final long emailRows = guestCounters("email");
        final long addressRows = guestCounters("address");

        ec.guest(EnquiryServiceBlockingStub.class, address).createEnquiry(guestRequest(email, "counted"));

        assertThat(guestCounters("email")).isEqualTo(emailRows + 1);
        assertThat(guestCounters("address")).isEqualTo(addressRows + 1);
        final List<String> plain = List.of(sha256(email), sha256(email.toLowerCase(Locale.ROOT)),
                                           sha256(address));
        final long recomputable = ec.app.database().jdbi().withHandle(h -> h.createQuery(
                "select count(*) from guest_enquiry_counts where key_digest in (<keys>)")
                .bindList("keys", plain).mapTo(Long.class).one());
        assertThat(recomputable).isZero();
    }

    /** Today's guest counters of {@code kind}. */
    private static long guestCounters(String kind) {
        return ec.app.database().jdbi().withHandle(h -> h.createQuery("""
                select count(*) from guest_enquiry_counts
                where day = (now() at time zone 'utc')::date and kind = :kind""")
                .bind("kind", kind).mapTo(Long.class).one());
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                                         .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void guestCounters_ofPastDays_areForgotten() {
        final int old = ec.app.database().jdbi().withHandle(h -> h.createUpdate("""
                insert into guest_enquiry_counts (day, kind, key_digest, count)
                values ((now() at time zone 'utc')::date - 3, 'email', :digest, 9)""")
                .bind("digest", UUID.randomUUID().toString()).execute());
        assertThat(old).isEqualTo(1);
        ec.guest(EnquiryServiceBlockingStub.class, "198.51.100.99")
          .createEnquiry(guestRequest(TenantCoreTesting.newEmail("newcomer"), "hello"));
        final long left = ec.app.database().jdbi().withHandle(h -> h.createQuery(
                "select count(*) from guest_enquiry_counts where day < (now() at time zone 'utc')::date - 1")
                .mapTo(Long.class).one());
        assertThat(left).isZero();
    }

    @Test
    void create_forUnknownTenant_isNotFound() {
        final EnquiryServiceBlockingStub stub = ec.client(EnquiryServiceBlockingStub.class, ec.buyer());
        assertThatThrownBy(() -> stub.createEnquiry(request(UUID.randomUUID().toString(), "hello?").build()))
                .satisfies(e -> assertStatus(e, Status.Code.NOT_FOUND, "SUPPLIER_NOT_FOUND"));
    }

    @Test
    void create_forBuyerOnlyTenant_isFailedPrecondition() {
        final Team buyerCompany = ec.supplier("Retail Co", TenantKind.TENANT_KIND_BUYER);
        final EnquiryServiceBlockingStub stub = ec.client(EnquiryServiceBlockingStub.class, ec.buyer());
        assertThatThrownBy(() -> stub.createEnquiry(request(buyerCompany.tenantId(), "hello").build()))
                .satisfies(e -> assertStatus(e, Status.Code.FAILED_PRECONDITION, "NOT_A_SUPPLIER"));
    }

    @Test
    void create_withBlankMessageOrBadIds_isInvalidArgument() {
        final EnquiryServiceBlockingStub stub = ec.client(EnquiryServiceBlockingStub.class, ec.buyer());
        assertThatThrownBy(() -> stub.createEnquiry(request(supplier.tenantId(), "   ").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                        .isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> stub.createEnquiry(request("not-a-uuid", "hello").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                        .isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> stub.createEnquiry(request(supplier.tenantId(), "hello")
                                                            .setEnquiry(enquiry("hello").setQuantity(-1)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                        .isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void create_withAMessageOfControlCharactersOnly_isInvalidArgument_namingTheMessage() {
        // trim() drops every character up to U+0020, which isBlank() does not all count as blank.
        final EnquiryServiceBlockingStub stub = ec.client(EnquiryServiceBlockingStub.class, ec.buyer());
        for (String message : new String[] { "\u0001", "\u0000\u001f \u0007" }) {
            assertThatThrownBy(() -> stub.createEnquiry(request(supplier.tenantId(), message).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(TenantCoreTesting.badRequest(e).getFieldViolationsList())
                                .extracting(v -> v.getField()).containsExactly("enquiry.message");
                    });
        }
    }

    @Test
    void connectingACrm_withoutASecretKeyConfigured_isFailedPrecondition() {
        final CrmServiceBlockingStub owner = ec.client(CrmServiceBlockingStub.class, supplier.ownerToken());
        assertThatThrownBy(() -> owner.connectZoho(ConnectZohoRequest.newBuilder().setTenantId(supplier.tenantId())
                .setClientId("1000.X").setClientSecret("s").setRefreshToken("r")
                .setDataCentre(ZohoDataCentre.ZOHO_DATA_CENTRE_IN).build()))
                .satisfies(e -> assertStatus(e, Status.Code.FAILED_PRECONDITION, "CRM_DISABLED"));
    }

    private static CreateEnquiryRequest guestRequest(String email, String message) {
        return request(supplier.tenantId(), message)
                .setEnquiry(enquiry(message).setContact(EnquiryContact.newBuilder().setName("Meera").setEmail(email)
                                                                      .setPhone("+91 98765 43210")))
                .build();
    }

    static CreateEnquiryRequest.Builder request(String tenantId, String message) {
        return CreateEnquiryRequest.newBuilder().setTenantId(tenantId).setEnquiry(enquiry(message));
    }

    static Enquiry.Builder enquiry(String message) {
        return Enquiry.newBuilder().setMessage(message);
    }
}
