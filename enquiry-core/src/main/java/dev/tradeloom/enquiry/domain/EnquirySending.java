package dev.tradeloom.enquiry.domain;

import static dev.tradeloom.enquiry.domain.EnquiryDrafts.absent;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.tradeloom.enquiry.store.EnquiryDao;
import dev.tradeloom.enquiry.store.EnquiryIntake;
import dev.tradeloom.enquiry.store.EnquiryRow;
import dev.tradeloom.enquiry.store.RecipientRow;
import dev.tradeloom.platform.db.RoundTrip;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.AlreadyExistsException;
import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.platform.queue.JobQueue;
import dev.tradeloom.platform.queue.NewJob;

/**
 * Sending an enquiry ({@link Enquiries#create}): the draft checked and completed (the signed-in buyer's
 * contact, the product's name), then the enquiry stored with its notifications and CRM push in one
 * transaction, counted against the guest limits; a repeated request id replays the first enquiry.
 */
final class EnquirySending {
    private final Transactor tx;
    private final Runnable catchUpSuppliers;
    private final Accounts accounts;
    private final Products products;
    private final GuestCounts guestCounts;
    private final EnquiryMail mail;
    private final JobQueue queue;

    EnquirySending(Transactor tx, Runnable catchUpSuppliers, Accounts accounts, Products products,
                   GuestCounts guestCounts, EnquiryMail mail, JobQueue queue) {
        this.tx = tx;
        this.catchUpSuppliers = catchUpSuppliers;
        this.accounts = accounts;
        this.products = products;
        this.guestCounts = guestCounts;
        this.mail = mail;
        this.queue = queue;
    }

    /** See {@link Enquiries#create}. */
    EnquiryRow send(Sender asTokenSays, UUID tenantId, EnquiryRow given, @Nullable UUID requestId) {
        EnquiryDrafts.check(asTokenSays, given);
        final boolean withoutEmail = absent(given.contactEmail());
        // A token says whether the address was verified when it was issued, up to its lifetime ago: an
        // unverified one is checked with the account, so a buyer who just verified is not held as a guest.
        final Accounts.@Nullable Contact account = asTokenSays.isGuest()
                                                   || !withoutEmail && asTokenSays.verified()
                                                   ? null : accounts.current();
        final Sender sender = account != null && account.emailVerified() && !asTokenSays.verified()
                              ? asTokenSays.verifiedSince() : asTokenSays;
        final EnquiryRow draft = account == null || !withoutEmail ? given : given.withContact(
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
                    // Only now, so a replay is never counted; over a limit, the enquiry rolls back with the
                    // error.
                    guestCounts.count(h, draft.contactEmail(), sender);
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
