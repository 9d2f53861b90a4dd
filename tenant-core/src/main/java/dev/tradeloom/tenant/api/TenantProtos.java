package dev.tradeloom.tenant.api;

import static dev.tradeloom.tenant.api.AuthProtos.timestamp;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import dev.tradeloom.platform.error.InvalidArgumentException;
import dev.tradeloom.tenant.store.TenantChangeDao;
import dev.tradeloom.tenant.store.TenantRow;
import dev.tradeloom.tenant.v1.Address;
import dev.tradeloom.tenant.v1.Tenant;
import dev.tradeloom.tenant.v1.TenantChange;
import dev.tradeloom.tenant.v1.TenantKind;
import dev.tradeloom.tenant.v1.TenantStatus;

/** Tenant rows ↔ the contract's Tenant message. */
final class TenantProtos {
    /** Fields a client may read but never write. */
    static final Set<String> READ_ONLY = Set.of("id", "status", "suspension_reason", "etag", "create_time",
                                                "update_time");

    private TenantProtos() {}

    static Tenant tenant(TenantRow row) {
        return Tenant.newBuilder()
                     .setId(row.id().toString())
                     .setSlug(row.slug())
                     .setKind(TenantKind.valueOf("TENANT_KIND_" + row.kind().toUpperCase(Locale.ROOT)))
                     .setName(row.name())
                     .setCategory(row.category())
                     .setDescription(row.description())
                     .setAddress(Address.newBuilder().setLine1(row.addressLine1()).setLine2(row.addressLine2())
                                        .setCity(row.city()).setState(row.state()).setPostalCode(row.postalCode())
                                        .setCountry(row.country()))
                     .setPhone(row.phone())
                     .setWhatsapp(row.whatsapp())
                     .setEmail(row.email())
                     .setWebsite(row.website())
                     .setLogoUrl(row.logoUrl())
                     .setHeroImageUrl(row.heroImageUrl())
                     .addAllGalleryUrls(row.galleryUrls())
                     .setDefaultLanguage(row.defaultLanguage())
                     .setDefaultCurrency(row.defaultCurrency())
                     .setStatus(TenantStatus.valueOf("TENANT_STATUS_" + row.status().toUpperCase(Locale.ROOT)))
                     // Non-empty only on a suspended tenant, which only its members and operators can read.
                     .setSuspensionReason(row.suspensionReason())
                     .setEtag(Long.toString(row.version()))
                     .setCreateTime(timestamp(row.createdAt()))
                     .setUpdateTime(timestamp(row.updatedAt()))
                     .build();
    }

    /** The row a client's Tenant describes; ids, versions and times are filled in by the store. */
    static TenantRow row(Tenant tenant) {
        if (tenant.getKind() == TenantKind.TENANT_KIND_UNSPECIFIED) {
            throw InvalidArgumentException.of("tenant.kind", "is required (supplier, buyer or both)");
        }
        final Address a = tenant.getAddress();
        final Instant now = Instant.now();
        return new TenantRow(tenant.getId().isEmpty() ? new UUID(0, 0) : UUID.fromString(tenant.getId()),
                             tenant.getSlug(), kindName(tenant.getKind()), tenant.getName().trim(),
                             tenant.getCategory().trim(), tenant.getDescription(), a.getLine1(), a.getLine2(),
                             a.getCity().trim(), a.getState().trim(), a.getPostalCode(), a.getCountry(),
                             tenant.getPhone(), tenant.getWhatsapp(), tenant.getEmail(), tenant.getWebsite(),
                             tenant.getLogoUrl(), tenant.getHeroImageUrl(), tenant.getGalleryUrlsList(),
                             tenant.getDefaultLanguage().isEmpty() ? "en" : tenant.getDefaultLanguage(),
                             tenant.getDefaultCurrency().isEmpty() ? "INR" : tenant.getDefaultCurrency(),
                             "active", "", 0, now, now);
    }

    /**
     * One entry of the change feed; a tombstone carries only its seq and tenant id. The feed is public, so a
     * tenant that is not active (hidden from company search) carries its kind and status only: readers
     * need no more to hide it, and get its profile again with the change that makes it active.
     */
    static TenantChange change(TenantChangeDao.Change c) {
        final TenantChange.Builder b = TenantChange.newBuilder().setSeq(c.seq()).setTenantId(c.tenantId().toString())
                                                   .setDeleted(c.deleted());
        if (c.deleted()) {
            return b.build();
        }
        b.setKind(TenantKind.valueOf("TENANT_KIND_" + c.kind().toUpperCase(Locale.ROOT)))
         .setStatus(TenantStatus.valueOf("TENANT_STATUS_" + c.status().toUpperCase(Locale.ROOT)));
        if (b.getStatus() != TenantStatus.TENANT_STATUS_ACTIVE) {
            return b.build();
        }
        return b.setSlug(c.slug()).setName(c.name()).setCity(c.city()).setDefaultLanguage(c.defaultLanguage())
                .setDefaultCurrency(c.defaultCurrency()).build();
    }

    /** {@code supplier}, {@code buyer} or {@code both}; empty for unspecified (no filter). */
    static String kindName(TenantKind kind) {
        return kind == TenantKind.TENANT_KIND_UNSPECIFIED ? ""
                                                          : kind.name().substring("TENANT_KIND_".length())
                                                                .toLowerCase(Locale.ROOT);
    }
}
