package dev.tradeloom.tenant.domain;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.jdbi.v3.core.statement.StatementException;
import org.jspecify.annotations.Nullable;

import dev.tradeloom.platform.api.Etags;
import dev.tradeloom.platform.api.Page;
import dev.tradeloom.platform.api.PageTokens;
import dev.tradeloom.platform.auth.Caller;
import dev.tradeloom.platform.db.Constraints;
import dev.tradeloom.platform.db.PlanChoices;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.platform.error.AlreadyExistsException;
import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.platform.error.NotFoundException;
import dev.tradeloom.platform.id.Uuid7;
import dev.tradeloom.tenant.store.CompanySearchDao;
import dev.tradeloom.tenant.store.CompanySearchSql;
import dev.tradeloom.tenant.store.MembershipDao;
import dev.tradeloom.tenant.store.TenantChangeDao;
import dev.tradeloom.tenant.store.TenantDao;
import dev.tradeloom.tenant.store.TenantRow;

/** Tenants: creation with an owner, profile reads and edits, suspension, deletion, and company search. */
public final class Tenants {
    private static final int DEFAULT_PAGE = 50;
    private static final int SEARCH_PAGE = 20;
    private static final int MAX_PAGE = 100;
    private static final int CHANGES_PAGE = 100;
    private static final int MAX_CHANGES_PAGE = 1000;
    private static final String SLUG_KEY = "tenants_slug_key";
    private static final String ACTIVE = "active";
    private static final String SUSPENDED = "suspended";

    /** Searches whose statement is remembered: the common ones repeat, the rare ones are cheap to estimate. */
    private static final int SEARCHES_KEPT = 10_000;

    /** Every input of a ranked search's estimate. */
    private record RankedSearch(String query, String kind, String city, String category) {}

    private final Transactor tx;
    /** Which ranked statement serves each search, remembered for a while: see {@link PlanChoices}. */
    private final PlanChoices<RankedSearch> rankAll = new PlanChoices<>(SEARCHES_KEPT);

    public Tenants(Transactor tx) {
        this.tx = requireNonNull(tx, "tx");
    }

    /** Creates {@code draft} with the caller as owner; a repeated {@code requestId} returns the first result. */
    public TenantRow create(Caller caller, TenantRow draft, @Nullable UUID requestId) {
        checkRequired(draft, "tenant.");
        final UUID id = Uuid7.next();
        return tx.inTransaction(new Scope(id, caller.userId()), h -> {
            final TenantDao tenants = h.attach(TenantDao.class);
            if (requestId != null) {
                final Optional<UUID> earlier = tenants.findCreated(caller.userId(), requestId);
                if (earlier.isPresent()) {
                    return tenants.find(earlier.get()).orElseThrow();
                }
            }
            final TenantRow row = withId(draft, id);
            if (!tenants.insert(row, gallery(row), caller.userId(), requestId)) {
                // A concurrent create with this request id took the slug first: that create is the result.
                final Optional<UUID> racing = requestId == null ? Optional.empty()
                                                                : tenants.findCreated(caller.userId(), requestId);
                if (racing.isPresent()) {
                    return tenants.find(racing.get()).orElseThrow();
                }
                throw slugTaken(draft.slug());
            }
            h.attach(MembershipDao.class).insert(id, caller.userId(), "owner");
            return tenants.find(id).orElseThrow();
        });
    }

    /** An active tenant, or any tenant of which the caller is a member; any tenant for platform operators. */
    public TenantRow get(@Nullable Caller caller, UUID tenantId) {
        // An operator reads as the tenant itself, whose row row-level security shows in every state.
        final Scope scope = caller == null ? Scope.system()
                : new Scope(caller.platformAdmin() ? tenantId : null, caller.userId());
        return tx.inTransaction(scope, h -> h.attach(TenantDao.class).find(tenantId))
                 .orElseThrow(() -> notFound(tenantId.toString()));
    }

    public TenantRow lookup(String slug) {
        return tx.inSystem(h -> h.attach(TenantDao.class).findActiveBySlug(slug))
                 .orElseThrow(() -> notFound(slug));
    }

    /** Applies {@code change} to the stored tenant if {@code etag} (when given) is still current. */
    public TenantRow update(UUID tenantId, String etag, UnaryOperator<TenantRow> change) {
        return tx.inTenant(tenantId, h -> {
            final TenantDao tenants = h.attach(TenantDao.class);
            final TenantRow current = tenants.find(tenantId).orElseThrow(() -> notFound(tenantId.toString()));
            Etags.check(etag, current.version(), "The tenant");
            final TenantRow changed = withId(change.apply(current), tenantId);
            checkRequired(changed, "tenant.");
            if (!changed.slug().equals(current.slug()) && tenants.slugTakenByOther(changed.slug(), tenantId)) {
                throw slugTaken(changed.slug());
            }
            final boolean updated;
            try {
                updated = tenants.update(changed, gallery(changed), current.version());
            } catch (StatementException e) {
                // A tenant this one cannot see (suspended), or a rename committed since the check, holds it.
                if (SLUG_KEY.equals(Constraints.violated(e))) {
                    throw slugTaken(changed.slug());
                }
                throw e;
            }
            if (!updated) {
                throw Etags.stale("The tenant");
            }
            return tenants.find(tenantId).orElseThrow();
        });
    }

    /**
     * Suspends the tenant for {@code reason} (trimmed) if {@code etag} (when given) is still current; a
     * suspended tenant keeps its version unless the reason differs, which replaces it.
     */
    public TenantRow suspend(UUID tenantId, String reason, String etag) {
        final String why = reason.strip();
        if (why.isEmpty()) {
            throw InvalidArgumentException.of("reason",
                                              "is blank (expected: why, in words the tenant's members read)");
        }
        return setStatus(tenantId, SUSPENDED, why, etag);
    }

    /** Makes the tenant active again and clears the reason; an active tenant is answered as it is. */
    public TenantRow reactivate(UUID tenantId, String etag) {
        return setStatus(tenantId, ACTIVE, "", etag);
    }

    /**
     * Acts for the tenant itself, which row-level security lets read and write its row in every state: the
     * caller is a platform operator, as the rpc's declared audience ensured.
     */
    private TenantRow setStatus(UUID tenantId, String status, String reason, String etag) {
        return tx.inTenant(tenantId, h -> {
            final TenantDao tenants = h.attach(TenantDao.class);
            final TenantRow current = tenants.lock(tenantId).orElseThrow(() -> notFound(tenantId.toString()));
            Etags.check(etag, current.version(), "The tenant");
            if (current.status().equals(status) && current.suspensionReason().equals(reason)) {
                return current;
            }
            // The triggers take it out of (or back into) company search and number it in the change feed.
            tenants.setStatus(tenantId, status, reason);
            return tenants.find(tenantId).orElseThrow();
        });
    }

    public void delete(UUID tenantId, String etag) {
        tx.inTenant(tenantId, h -> {
            final TenantDao tenants = h.attach(TenantDao.class);
            final TenantRow current = tenants.find(tenantId).orElseThrow(() -> notFound(tenantId.toString()));
            Etags.check(etag, current.version(), "The tenant");
            return tenants.delete(tenantId);
        });
    }

    /** The caller's tenants with the caller's role, by tenant id. */
    public Page<TenantDao.Membership> listMine(Caller caller, int pageSize, String pageToken) {
        final int size = PageTokens.pageSize(pageSize, DEFAULT_PAGE, MAX_PAGE);
        final UUID after = pageToken.isEmpty() ? null : PageTokens.uuid(PageTokens.decode(pageToken, 1).get(0));
        final List<TenantDao.Membership> rows = tx.inTransaction(
                Scope.user(caller.userId()),
                h -> h.attach(TenantDao.class).listForUser(caller.userId(), after, size + 1));
        return Page.of(rows, size, last -> PageTokens.encode(last.tenant().id().toString()));
    }

    /** Ranked full-text search over active tenants, or a listing by name when {@code query} is blank. */
    public Page<CompanySearchDao.Hit> search(String query, String kind, String city, String category,
                                             int pageSize, String pageToken) {
        final int size = PageTokens.pageSize(pageSize, SEARCH_PAGE, MAX_PAGE);
        final boolean ranked = !query.isBlank();
        // Tokens name the search they page through: with another query or filter they are refused, not read as
        // a place in other results.
        final String searchKey = PageTokens.fingerprint(query, kind, city, category);
        final List<String> token = pageToken.isEmpty() ? null : PageTokens.decode(pageToken, 4);
        if (token != null && (!token.get(0).equals(ranked ? "r" : "b") || !token.get(1).equals(searchKey))) {
            throw PageTokens.invalid(pageToken);
        }
        final List<String> after = token == null ? null : token.subList(2, 4);
        final List<CompanySearchDao.Hit> rows = tx.readPublic(h -> {
            final CompanySearchDao dao = h.attach(CompanySearchDao.class);
            final UUID afterId = after == null ? null : PageTokens.uuid(after.get(1));
            if (ranked) {
                final Integer afterTier = after == null ? null : PageTokens.intValue(after.get(0));
                final RankedSearch search = new RankedSearch(query, kind, city, category);
                final boolean few = rankAll.of(search, s -> CompanySearchSql.fewMatches(
                        dao.estimateMatches(s.query(), s.kind(), s.city(), s.category())));
                return few ? dao.rankedFew(query, kind, city, category, afterTier, afterId, size + 1)
                           : dao.rankedMany(query, kind, city, category, afterTier, afterId, size + 1);
            }
            return dao.browse(kind, city, category, after == null ? null : after.get(0), afterId, size + 1);
        });
        // A browse page ends at a name as stored: PostgreSQL lower-cases it as it did name_key (Java differs,
        // e.g. on a final sigma), so the next page starts right after this row.
        return Page.of(rows, size, last -> PageTokens.encode(
                ranked ? "r" : "b", searchKey,
                ranked ? Integer.toString((int) last.rank()) : last.tenant().name(),
                last.tenant().id().toString()));
    }

    /** Up to {@code pageSize} entries of the tenant change feed after {@code afterSeq}, in change order. */
    public List<TenantChangeDao.Change> changes(long afterSeq, int pageSize) {
        final int size = PageTokens.pageSize(pageSize, CHANGES_PAGE, MAX_CHANGES_PAGE);
        return tx.readPublic(h -> h.attach(TenantChangeDao.class).after(afterSeq, size));
    }

    private static void checkRequired(TenantRow row, String prefix) {
        if (row.slug().isEmpty()) {
            throw InvalidArgumentException.of(prefix + "slug", "is required (lowercase letters, digits, hyphens)");
        }
        if (row.name().isBlank()) {
            throw InvalidArgumentException.of(prefix + "name", "is required");
        }
    }

    private static TenantRow withId(TenantRow row, UUID id) {
        return new TenantRow(id, row.slug(), row.kind(), row.name(), row.category(), row.description(),
                             row.addressLine1(), row.addressLine2(), row.city(), row.state(), row.postalCode(),
                             row.country(), row.phone(), row.whatsapp(), row.email(), row.website(), row.logoUrl(),
                             row.heroImageUrl(), row.galleryUrls(), row.defaultLanguage(), row.defaultCurrency(),
                             row.status(), row.suspensionReason(), row.version(), row.createdAt(),
                             row.updatedAt());
    }

    private static String[] gallery(TenantRow row) {
        return row.galleryUrls().toArray(String[]::new);
    }

    private static AlreadyExistsException slugTaken(String slug) {
        return new AlreadyExistsException("SLUG_TAKEN", "The slug '" + slug + "' is taken; choose another.");
    }

    private static NotFoundException notFound(String what) {
        return new NotFoundException("TENANT_NOT_FOUND", "No tenant " + what + '.');
    }
}
