package dev.tradeloom.tenant.domain;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.tradeloom.api.v1.Role;
import dev.tradeloom.platform.auth.AccessTokenClaims;
import dev.tradeloom.platform.auth.Caller;
import dev.tradeloom.platform.auth.MembershipResolver;
import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.tenant.store.MembershipDao;

/**
 * tenant-core owns memberships, so it checks them live rather than trusting the token: a member
 * just added, promoted or removed is treated accordingly at once.
 */
public final class LiveMemberships implements MembershipResolver {
    private final Transactor tx;

    public LiveMemberships(Transactor tx) {
        this.tx = requireNonNull(tx, "tx");
    }

    @Override
    public @Nullable Role roleIn(Caller caller, UUID tenantId) {
        return tx.inTransaction(new Scope(tenantId, caller.userId()),
                                h -> h.attach(MembershipDao.class).role(tenantId, caller.userId()))
                 .map(AccessTokenClaims::parseRole).orElse(null);
    }
}
