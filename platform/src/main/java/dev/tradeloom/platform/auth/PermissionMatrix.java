package dev.tradeloom.platform.auth;

import static dev.tradeloom.api.v1.Permission.PERMISSION_CATALOG_READ;
import static dev.tradeloom.api.v1.Permission.PERMISSION_CATALOG_WRITE;
import static dev.tradeloom.api.v1.Permission.PERMISSION_CONTACT_READ;
import static dev.tradeloom.api.v1.Permission.PERMISSION_CONTACT_WRITE;
import static dev.tradeloom.api.v1.Permission.PERMISSION_ENQUIRY_MANAGE;
import static dev.tradeloom.api.v1.Permission.PERMISSION_ENQUIRY_READ;
import static dev.tradeloom.api.v1.Permission.PERMISSION_INTEGRATION_MANAGE;
import static dev.tradeloom.api.v1.Permission.PERMISSION_MEMBER_MANAGE;
import static dev.tradeloom.api.v1.Permission.PERMISSION_MEMBER_READ;
import static dev.tradeloom.api.v1.Permission.PERMISSION_TENANT_DELETE;
import static dev.tradeloom.api.v1.Permission.PERMISSION_TENANT_READ;
import static dev.tradeloom.api.v1.Permission.PERMISSION_TENANT_UPDATE;
import static dev.tradeloom.api.v1.Permission.PERMISSION_TRYON_USE;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.tradeloom.api.v1.Permission;
import dev.tradeloom.api.v1.Role;

/** The one place that says which role may do what inside a tenant. */
public final class PermissionMatrix {
    private static final Set<Permission> EVERY = EnumSet.complementOf(
            EnumSet.of(Permission.PERMISSION_UNSPECIFIED, Permission.UNRECOGNIZED));
    private static final Map<Role, Set<Permission>> MATRIX = new EnumMap<>(Role.class);

    static {
        MATRIX.put(Role.ROLE_OWNER, EVERY);
        final Set<Permission> admin = EnumSet.copyOf(EVERY);
        admin.remove(PERMISSION_TENANT_DELETE);
        MATRIX.put(Role.ROLE_ADMIN, admin);
        MATRIX.put(Role.ROLE_CATALOG_MANAGER, EnumSet.of(
                PERMISSION_TENANT_READ, PERMISSION_MEMBER_READ, PERMISSION_CONTACT_READ,
                PERMISSION_CATALOG_READ, PERMISSION_CATALOG_WRITE, PERMISSION_TRYON_USE));
        MATRIX.put(Role.ROLE_SALES, EnumSet.of(
                PERMISSION_TENANT_READ, PERMISSION_MEMBER_READ, PERMISSION_CONTACT_READ,
                PERMISSION_CONTACT_WRITE, PERMISSION_CATALOG_READ, PERMISSION_ENQUIRY_READ,
                PERMISSION_ENQUIRY_MANAGE, PERMISSION_TRYON_USE));
        MATRIX.put(Role.ROLE_SUPPORT, EnumSet.of(
                PERMISSION_TENANT_READ, PERMISSION_MEMBER_READ, PERMISSION_CONTACT_READ,
                PERMISSION_CATALOG_READ, PERMISSION_ENQUIRY_READ, PERMISSION_ENQUIRY_MANAGE));
        MATRIX.put(Role.ROLE_MARKETING, EnumSet.of(
                PERMISSION_TENANT_READ, PERMISSION_TENANT_UPDATE, PERMISSION_MEMBER_READ,
                PERMISSION_CONTACT_READ, PERMISSION_CATALOG_READ, PERMISSION_INTEGRATION_MANAGE,
                PERMISSION_TRYON_USE));
        MATRIX.put(Role.ROLE_VIEWER, EnumSet.of(
                PERMISSION_TENANT_READ, PERMISSION_MEMBER_READ, PERMISSION_CONTACT_READ,
                PERMISSION_CATALOG_READ, PERMISSION_ENQUIRY_READ));
    }

    private PermissionMatrix() {}

    /** Whether {@code role} (null: not a member) grants {@code permission}. */
    public static boolean allows(@Nullable Role role, Permission permission) {
        return role != null && MATRIX.getOrDefault(role, Set.of()).contains(permission);
    }

    /** The permissions of {@code role}. */
    public static Set<Permission> permissionsOf(Role role) {
        return Set.copyOf(MATRIX.getOrDefault(role, Set.of()));
    }
}
