package dev.tradeloom.enquiry.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

import dev.tradeloom.api.v1.Permission;
import dev.tradeloom.api.v1.Role;
import dev.tradeloom.enquiry.store.EnquiryDao;
import dev.tradeloom.enquiry.store.EnquiryRow;
import dev.tradeloom.enquiry.store.NoteDao;
import dev.tradeloom.enquiry.store.NoteRow;
import dev.tradeloom.platform.api.Etags;
import dev.tradeloom.platform.api.Page;
import dev.tradeloom.platform.api.PageTokens;
import dev.tradeloom.platform.auth.PermissionMatrix;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.platform.error.NotFoundException;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.platform.queue.JobQueue;

/** Enquiries: sending (idempotent, guests capped), the supplier's inbox and pipeline, and notes. */
public final class Enquiries {
    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 100;

    private final Transactor tx;
    private final Teams teams;
    private final EnquirySending sending;

    /**
     * {@code catchUpSuppliers} brings the supplier read-model up to date with tenant-core (or throws
     * UNAVAILABLE), or leaves it as it is when it did so a moment ago; it runs when an enquiry names a
     * supplier the read-model does not know yet.
     */
    public Enquiries(Transactor tx, Runnable catchUpSuppliers, Teams teams, Accounts accounts, Products products,
                     GuestLimits guestLimits, GuestCounterKeys guestKeys, EnquiryMail mail, JobQueue queue) {
        this.tx = requireNonNull(tx, "tx");
        requireNonNull(catchUpSuppliers, "catchUpSuppliers");
        this.teams = requireNonNull(teams, "teams");
        requireNonNull(accounts, "accounts");
        requireNonNull(products, "products");
        requireNonNull(guestLimits, "guestLimits");
        requireNonNull(guestKeys, "guestKeys");
        requireNonNull(mail, "mail");
        requireNonNull(queue, "queue");
        sending = new EnquirySending(tx, catchUpSuppliers, accounts, products,
                                     new GuestCounts(guestLimits, guestKeys), mail, queue);
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
        return sending.send(sender, tenantId, given, requestId);
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

    /**
     * Assigns the enquiry to {@code assignee}, a member of the tenant whose role works enquiries, or unassigns
     * it when null: one whose role cannot open the inbox would hold it without ever seeing it.
     */
    public EnquiryRow assign(UUID tenantId, UUID enquiryId, @Nullable UUID assignee, String etag) {
        if (assignee != null) {
            // Asked before the transaction opens, like the supplier lookup.
            final Optional<Role> role = teams.roleOf(tenantId, assignee);
            if (role.isEmpty()) {
                throw InvalidArgumentException.of("assignee_user_id",
                                                  assignee + " is not a member of this tenant (expected: a "
                                                  + "member's user id, or empty)");
            }
            if (!PermissionMatrix.allows(role.get(), Permission.PERMISSION_ENQUIRY_MANAGE)) {
                throw InvalidArgumentException.of(
                        "assignee_user_id", assignee + " is a member whose role, " + role.get()
                                            + ", cannot work enquiries (expected: a member with one of "
                                            + rolesAllowed(Permission.PERMISSION_ENQUIRY_MANAGE) + ')');
            }
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

    /**
     * Moves the enquiry to {@code target} if the pipeline allows it from its current status. One already
     * there stays as it is: a retried request, or a colleague's same move, is not an error.
     */
    public EnquiryRow updateStatus(UUID tenantId, UUID enquiryId, PipelineStatus target, String etag) {
        return tx.inTenant(tenantId, h -> {
            final EnquiryRow current = find(h, tenantId, enquiryId);
            Etags.check(etag, current.version(), "The enquiry");
            final PipelineStatus from = PipelineStatus.fromDb(current.status());
            if (from == target) {
                return current;
            }
            final PipelineStatus next = from.moveTo(target);
            final EnquiryDao enquiries = h.attach(EnquiryDao.class);
            if (!enquiries.updateStatus(tenantId, enquiryId, next.dbName(), current.version())) {
                throw Etags.stale("The enquiry");
            }
            return find(h, tenantId, enquiryId);
        });
    }

    public NoteRow addNote(UUID tenantId, UUID enquiryId, UUID authorUserId, String body) {
        if (EnquiryDrafts.absent(body)) {
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

    private static List<Role> rolesAllowed(Permission permission) {
        return Arrays.stream(Role.values())
                     .filter(role -> role != Role.UNRECOGNIZED && PermissionMatrix.allows(role, permission))
                     .toList();
    }
}
