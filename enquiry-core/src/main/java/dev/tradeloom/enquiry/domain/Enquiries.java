package dev.tradeloom.enquiry.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

import dev.tradeloom.enquiry.store.EnquiryDao;
import dev.tradeloom.enquiry.store.EnquiryIntake;
import dev.tradeloom.enquiry.store.EnquiryRow;
import dev.tradeloom.enquiry.store.GuestCountDao;
import dev.tradeloom.enquiry.store.NoteDao;
import dev.tradeloom.enquiry.store.NoteRow;
import dev.tradeloom.enquiry.store.RecipientRow;
import dev.tradeloom.platform.api.Etags;
import dev.tradeloom.platform.api.Page;
import dev.tradeloom.platform.api.PageTokens;
import dev.tradeloom.platform.db.RoundTrip;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.AlreadyExistsException;
import dev.tradeloom.platform.error.FieldViolation;
import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.platform.error.NotFoundException;
import dev.tradeloom.platform.error.ResourceExhaustedException;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.platform.queue.JobQueue;
import dev.tradeloom.platform.queue.NewJob;

/** Enquiries: sending (idempotent, guests capped), the supplier's inbox and pipeline, and notes. */
public final class Enquiries {
    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 100;
    private static final String GUEST_REQUIRED = "is required for guests (or sign in)";

    private final Transactor tx;
    private final Runnable catchUpSuppliers;
    private final Teams teams;
    private final Accounts accounts;
    private final Products products;
    private final GuestLimits guestLimits;
    private final GuestCounterKeys guestKeys;
    private final EnquiryMail mail;
    private final JobQueue queue;

    /**
     * {@code catchUpSuppliers} brings the supplier read-model up to date with tenant-core (or throws
     * UNAVAILABLE), or leaves it as it is when it did so a moment ago; it runs when an enquiry names a
     * supplier the read-model does not know yet.
     */
    public Enquiries(Transactor tx, Runnable catchUpSuppliers, Teams teams, Accounts accounts, Products products,
                     GuestLimits guestLimits, GuestCounterKeys guestKeys, EnquiryMail mail, JobQueue queue) {
        this.tx = requireNonNull(tx, "tx");
        this.catchUpSuppliers = requireNonNull(catchUpSuppliers, "catchUpSuppliers");
        this.teams = requireNonNull(teams, "teams");
        this.accounts = requireNonNull(accounts, "accounts");
        this.products = requireNonNull(products, "products");
        this.guestLimits = requireNonNull(guestLimits, "guestLimits");
        this.guestKeys = requireNonNull(guestKeys, "guestKeys");
        this.mail = requireNonNull(mail, "mail");
        this.queue = requireNonNull(queue, "queue");
    }

    /**
     * Sends {@code given} to the supplier {@code tenantId} and, in the same transaction, enqueues the
     * supplier's notifications and the push to its CRM. A repeated {@code requestId} from the same sender
     * returns the first enquiry without counting or notifying again. A signed-in buyer who gives no email
     * address is reached at their account's (unless tenant-core is down: the enquiry is taken all the same).
     * A product named must be one buyers can see in the supplier's catalog; its name is kept with the enquiry
     * (unless catalog-core is down: the enquiry is taken without it).
     */
    public EnquiryRow create(Sender sender, UUID tenantId, EnquiryRow given, @Nullable UUID requestId) {
        requireNonNull(sender, "sender");
        requireNonNull(tenantId, "tenantId");
        requireNonNull(given, "given");
        checkDraft(sender, given);
        final Accounts.@Nullable Contact account = sender.isGuest() || !absent(given.contactEmail())
                                                   ? null : accounts.current();
        final EnquiryRow draft = account == null ? given : given.withContact(
                absent(given.contactName()) ? account.name() : given.contactName(), account.email());
        final Products.@Nullable Lookup product = draft.productId() == null
                                                  ? null : products.find(tenantId, draft.productId());
        final UUID id = Uuid7.next();
        try {
            return create(sender, tenantId, draft, product, requestId, id, false);
        } catch (Suppliers.NotKnownYet e) {
            // Outside the transaction: no database connection waits on another service.
            catchUpSuppliers.run();
            return create(sender, tenantId, draft, product, requestId, id, true);
        }
    }

    private EnquiryRow create(Sender sender, UUID tenantId, EnquiryRow draft, Products.@Nullable Lookup product,
                              @Nullable UUID requestId, UUID id, boolean caughtUp) {
        final Scope scope = new Scope(tenantId, sender.userId());
        try {
            return tx.inTransaction(scope, (h, first) -> {
                final RoundTrip.Part<RecipientRow> found = EnquiryIntake.recipient(first, tenantId);
                first.send();
                final RecipientRow supplier = Suppliers.require(found, tenantId, caughtUp);
                if (product != null && product.missing()) {
                    throw new ProductMissing();
                }
                final EnquiryRow row = new EnquiryRow(
                        tenantId, id, requestId, sender.userId(), supplier.name(), draft.productId(),
                        product == null ? "" : product.name(), draft.quantity(), draft.quantityUnit().trim(),
                        draft.message().trim(), draft.contactName().trim(), draft.contactEmail().trim(),
                        draft.contactPhone().trim(), draft.contactCompany().trim(),
                        PipelineStatus.NEW.dbName(), null, null, 1, draft.createdAt(), draft.updatedAt());
                final List<NewJob> jobs = new ArrayList<>(
                        mail.received(row, supplier.notificationEmails(), supplier.language()));
                if (supplier.crmConnected()) {
                    jobs.add(CrmOutbox.push(row));
                }
                // The enquiry and its jobs in one round trip. Inserting tells a repeated request id apart at
                // no extra cost; that is rare, and then the jobs roll back with the transaction.
                final RoundTrip write = RoundTrip.on(h);
                final RoundTrip.Part<EnquiryRow> inserted = EnquiryIntake.insert(write, row);
                if (!jobs.isEmpty()) {
                    queue.enqueueAll(write, jobs);
                }
                write.send();
                final EnquiryRow stored = inserted.findOne().orElseThrow(RequestIdUsed::new);
                if (sender.isLimitedAsGuest()) {
                    // Only now, so a replay is never counted; over a limit, the enquiry rolls back with the error.
                    countGuest(h, draft.contactEmail(), sender);
                }
                return stored;
            });
        } catch (RequestIdUsed e) {
            // The request id (not null: nulls never conflict) was used before, perhaps by a concurrent retry
            // that committed first.
            final UUID used = requireNonNull(requestId, "requestId");
            return replay(earlier(scope, tenantId, used).orElseThrow(), sender, draft, used);
        } catch (ProductMissing e) {
            // A retry of a request taken before the product was withdrawn still answers with what was taken.
            final Optional<EnquiryRow> earlier = requestId == null ? Optional.empty()
                                                                   : earlier(scope, tenantId, requestId);
            if (earlier.isPresent()) {
                return replay(earlier.get(), sender, draft, requestId);
            }
            throw InvalidArgumentException.of(
                    "enquiry.product_id", "no product " + draft.productId() + " is shown in this supplier's "
                                          + "catalog (expected: the id of one of its products, or empty)");
        }
    }

    private Optional<EnquiryRow> earlier(Scope scope, UUID tenantId, UUID requestId) {
        return tx.inTransaction(scope, h -> h.attach(EnquiryDao.class).findByRequest(tenantId, requestId));
    }

    /** The enquiries {@code userId} sent, newest first. */
    public Page<EnquiryRow> sentBy(UUID userId, int pageSize, String pageToken) {
        final int size = PageTokens.pageSize(pageSize, DEFAULT_PAGE, MAX_PAGE);
        final UUID after = pageToken.isEmpty() ? null : PageTokens.uuid(PageTokens.decode(pageToken, 1).get(0));
        final List<EnquiryRow> rows = tx.inTransaction(
                Scope.user(userId), h -> h.attach(EnquiryDao.class).sentBy(userId, after, size + 1));
        return Page.of(rows, size, last -> PageTokens.encode(last.id().toString()));
    }

    /** The supplier's inbox, newest first. */
    public Page<EnquiryRow> inbox(UUID tenantId, InboxFilter filter, int pageSize, String pageToken) {
        final int size = PageTokens.pageSize(pageSize, DEFAULT_PAGE, MAX_PAGE);
        final String fingerprint = filter.fingerprint();
        UUID after = null;
        if (!pageToken.isEmpty()) {
            final List<String> parts = PageTokens.decode(pageToken, 2);
            if (!parts.get(0).equals(fingerprint)) {
                throw PageTokens.invalid(pageToken);
            }
            after = PageTokens.uuid(parts.get(1));
        }
        final UUID afterId = after;
        final List<EnquiryRow> rows = tx.inTenant(tenantId, h -> h.attach(EnquiryDao.class).inbox(
                tenantId, filter.status() == null ? null : filter.status().dbName(), filter.assignee(),
                filter.product(), filter.createdAfter(), filter.createdBefore(), afterId, size + 1));
        return Page.of(rows, size, last -> PageTokens.encode(fingerprint, last.id().toString()));
    }

    public EnquiryRow get(UUID tenantId, UUID enquiryId) {
        return tx.inTenant(tenantId, h -> find(h, tenantId, enquiryId));
    }

    /** Assigns the enquiry to {@code assignee}, a member of the tenant, or unassigns it when null. */
    public EnquiryRow assign(UUID tenantId, UUID enquiryId, @Nullable UUID assignee, String etag) {
        // Asked before the transaction opens, like the supplier lookup.
        if (assignee != null && !teams.isMember(tenantId, assignee)) {
            throw InvalidArgumentException.of("assignee_user_id", assignee + " is not a member of this tenant "
                                                                  + "(expected: a member's user id, or empty)");
        }
        return tx.inTenant(tenantId, h -> {
            final EnquiryRow current = find(h, tenantId, enquiryId);
            Etags.check(etag, current.version(), "The enquiry");
            if (!h.attach(EnquiryDao.class).assign(tenantId, enquiryId, assignee, current.version())) {
                throw Etags.stale("The enquiry");
            }
            return find(h, tenantId, enquiryId);
        });
    }

    /** Moves the enquiry to {@code target} if the pipeline allows it from its current status. */
    public EnquiryRow updateStatus(UUID tenantId, UUID enquiryId, PipelineStatus target, String etag) {
        return tx.inTenant(tenantId, h -> {
            final EnquiryRow current = find(h, tenantId, enquiryId);
            Etags.check(etag, current.version(), "The enquiry");
            final PipelineStatus next = PipelineStatus.fromDb(current.status()).moveTo(target);
            final EnquiryDao enquiries = h.attach(EnquiryDao.class);
            if (!enquiries.updateStatus(tenantId, enquiryId, next.dbName(), current.version())) {
                throw Etags.stale("The enquiry");
            }
            return find(h, tenantId, enquiryId);
        });
    }

    public NoteRow addNote(UUID tenantId, UUID enquiryId, UUID authorUserId, String body) {
        if (absent(body)) {
            throw InvalidArgumentException.of("note.body", "is required");
        }
        final UUID id = Uuid7.next();
        return tx.inTenant(tenantId, h -> {
            find(h, tenantId, enquiryId);
            final NoteDao notes = h.attach(NoteDao.class);
            notes.insert(new NoteRow(tenantId, id, enquiryId, authorUserId, body.trim(), Instant.now()));
            return notes.get(tenantId, id);
        });
    }

    /** The notes of an enquiry, oldest first. */
    public Page<NoteRow> notes(UUID tenantId, UUID enquiryId, int pageSize, String pageToken) {
        final int size = PageTokens.pageSize(pageSize, DEFAULT_PAGE, MAX_PAGE);
        final UUID after = pageToken.isEmpty() ? null : PageTokens.uuid(PageTokens.decode(pageToken, 1).get(0));
        final List<NoteRow> rows = tx.inTenant(tenantId, h -> {
            find(h, tenantId, enquiryId);
            return h.attach(NoteDao.class).list(tenantId, enquiryId, after, size + 1);
        });
        return Page.of(rows, size, last -> PageTokens.encode(last.id().toString()));
    }

    private static EnquiryRow find(Handle h, UUID tenantId, UUID enquiryId) {
        return h.attach(EnquiryDao.class).find(tenantId, enquiryId).orElseThrow(
                () -> new NotFoundException("ENQUIRY_NOT_FOUND",
                                            "No enquiry " + enquiryId + " in this tenant."));
    }

    /** The earlier enquiry when the same sender repeats a request id; ALREADY_EXISTS for anyone else. */
    private static EnquiryRow replay(EnquiryRow earlier, Sender sender, EnquiryRow draft, UUID requestId) {
        final boolean sameSender = sender.isGuest()
                                   ? earlier.buyerUserId() == null
                                     && earlier.contactEmail().equalsIgnoreCase(draft.contactEmail().trim())
                                   : Objects.equals(earlier.buyerUserId(), sender.userId());
        if (!sameSender) {
            throw new AlreadyExistsException("REQUEST_ID_REUSED", "request_id " + requestId
                                             + " was already used for another enquiry; send a new request_id.");
        }
        return earlier;
    }

    /**
     * Counts an enquiry of a sender the guest limits hold, under its contact email address (when it has one:
     * an unverified account's may be unknown while tenant-core is down) and its network address.
     */
    private void countGuest(Handle h, String email, Sender sender) {
        final GuestCountDao counts = h.attach(GuestCountDao.class);
        final String more = sender.isGuest() ? "sign in to send more" : "verify your email address to send more";
        final int perEmail = guestLimits.perEmailPerDay();
        final int emailCount = absent(email) ? 0 : counts.increment("email", guestKeys.email(email));
        if (emailCount == 1) {
            // A new guest today: a good moment to drop counters that no longer limit anyone.
            counts.purgeOld();
        }
        // The counters are of the UTC day.
        if (emailCount > perEmail) {
            throw ResourceExhaustedException.untilTomorrow(
                    "GUEST_ENQUIRY_LIMIT",
                    "Guests may send at most " + perEmail + " enquiries a day from one email address; "
                    + more + ", or try again tomorrow.", Instant.now());
        }
        final int perAddress = guestLimits.perAddressPerDay();
        if (counts.increment("address", guestKeys.network(sender.clientAddress())) > perAddress) {
            throw ResourceExhaustedException.untilTomorrow(
                    "GUEST_ENQUIRY_LIMIT",
                    "Guests may send at most " + perAddress + " enquiries a day from one network address; "
                    + more + ", or try again tomorrow.", Instant.now());
        }
    }

    private static void checkDraft(Sender sender, EnquiryRow draft) {
        final List<FieldViolation> violations = new ArrayList<>();
        if (absent(draft.message())) {
            violations.add(new FieldViolation("enquiry.message", "is required"));
        }
        if (sender.isGuest()) {
            if (absent(draft.contactName())) {
                violations.add(new FieldViolation("enquiry.contact.name", GUEST_REQUIRED));
            }
            if (absent(draft.contactEmail())) {
                violations.add(new FieldViolation("enquiry.contact.email", GUEST_REQUIRED));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidArgumentException(violations);
        }
    }

    /**
     * Whether nothing is left of {@code value} once trimmed as it is stored: {@link String#trim} drops every
     * character up to U+0020, control characters included, which {@link String#isBlank} keeps.
     */
    private static boolean absent(String value) {
        return value.trim().isBlank();
    }

    /** The enquiry names a product buyers cannot see in the supplier's catalog. */
    private static final class ProductMissing extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProductMissing() {
            super(null, null, false, false);
        }
    }

    /** The tenant already holds an enquiry with the request id: the transaction rolls back, jobs and all. */
    private static final class RequestIdUsed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RequestIdUsed() {
            super(null, null, false, false);
        }
    }
}
