package dev.tradeloom.platform.auth;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;

import dev.tradeloom.api.v1.Role;

/**
 * The claims of a Tradeloom access token, written by tenant-core and read by every service:
 * {@code sub} user id, {@code sid} session id, {@code adm} platform admin, {@code ev} email address
 * verified, {@code mem} a map of tenant id to role name ({@code owner}, {@code catalog_manager}, ...).
 */
public final class AccessTokenClaims {
    public static final String ISSUER = "tradeloom";
    static final String SESSION = "sid";
    static final String ADMIN = "adm";
    static final String EMAIL_VERIFIED = "ev";
    static final String MEMBERSHIPS = "mem";

    private AccessTokenClaims() {}

    /** The claims for {@code caller}, valid from {@code issuedAt} until {@code expiresAt}. */
    public static JWTClaimsSet toClaims(Caller caller, Instant issuedAt, Instant expiresAt) {
        final Map<String, Object> memberships = new LinkedHashMap<>();
        caller.memberships().forEach((tenant, role) -> memberships.put(tenant.toString(), roleName(role)));
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(caller.userId().toString())
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .claim(SESSION, caller.sessionId().toString())
                .claim(ADMIN, caller.platformAdmin())
                .claim(EMAIL_VERIFIED, caller.emailVerified())
                .claim(MEMBERSHIPS, memberships)
                .build();
    }

    /** The caller described by verified {@code claims}. */
    static Caller toCaller(JWTClaimsSet claims) throws ParseException {
        final Map<UUID, Role> memberships = new LinkedHashMap<>();
        final Map<String, Object> raw = claims.getJSONObjectClaim(MEMBERSHIPS);
        if (raw != null) {
            raw.forEach((tenant, role) -> memberships.put(UUID.fromString(tenant), parseRole(String.valueOf(role))));
        }
        final Boolean admin = claims.getBooleanClaim(ADMIN);
        // Tokens issued before the claim existed (minutes old at most) are read as verified.
        final Boolean emailVerified = claims.getBooleanClaim(EMAIL_VERIFIED);
        return new Caller(UUID.fromString(claims.getSubject()),
                          UUID.fromString(claims.getStringClaim(SESSION)),
                          admin != null && admin, emailVerified == null || emailVerified, memberships);
    }

    /** {@code ROLE_CATALOG_MANAGER} → {@code catalog_manager}. */
    public static String roleName(Role role) {
        return role.name().substring("ROLE_".length()).toLowerCase(Locale.ROOT);
    }

    /** {@code catalog_manager} → {@code ROLE_CATALOG_MANAGER}; unknown names → ROLE_UNSPECIFIED. */
    public static Role parseRole(String name) {
        try {
            return Role.valueOf("ROLE_" + name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Role.ROLE_UNSPECIFIED;
        }
    }
}
