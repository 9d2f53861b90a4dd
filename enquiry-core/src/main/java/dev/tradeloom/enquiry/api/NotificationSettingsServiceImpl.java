package dev.tradeloom.enquiry.api;

import static dev.tradeloom.platform.grpc.Replies.reply;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.tradeloom.enquiry.domain.NotificationLanguage;
import dev.tradeloom.enquiry.domain.SupplierSettings;
import dev.tradeloom.enquiry.store.SettingsRow;
import dev.tradeloom.enquiry.v1.GetNotificationSettingsRequest;
import dev.tradeloom.enquiry.v1.NotificationSettings;
import dev.tradeloom.enquiry.v1.NotificationSettingsServiceGrpc;
import dev.tradeloom.enquiry.v1.UpdateNotificationSettingsRequest;
import dev.tradeloom.platform.error.InvalidArgumentException;
import io.grpc.stub.StreamObserver;

/** tradeloom.enquiry.v1.NotificationSettingsService over {@link SupplierSettings}. */
public final class NotificationSettingsServiceImpl
        extends NotificationSettingsServiceGrpc.NotificationSettingsServiceImplBase {
    private static final String EMAILS = "notification_emails";
    private static final String LANGUAGE = "language";
    private static final Set<String> UPDATABLE = Set.of(EMAILS, LANGUAGE);

    private final SupplierSettings settings;

    public NotificationSettingsServiceImpl(SupplierSettings settings) {
        this.settings = requireNonNull(settings, "settings");
    }

    @Override
    public void getNotificationSettings(GetNotificationSettingsRequest request,
                                        StreamObserver<NotificationSettings> out) {
        reply(out, proto(settings.get(UUID.fromString(request.getTenantId()))));
    }

    @Override
    public void updateNotificationSettings(UpdateNotificationSettingsRequest request,
                                           StreamObserver<NotificationSettings> out) {
        final List<String> paths = request.getUpdateMask().getPathsList();
        for (String path : paths) {
            if (!UPDATABLE.contains(path)) {
                throw InvalidArgumentException.of("update_mask", "'" + path + "' (expected: " + EMAILS + " or "
                                                                 + LANGUAGE + ')');
            }
        }
        final boolean all = paths.isEmpty();
        final NotificationSettings given = request.getSettings();
        final UUID tenantId = UUID.fromString(given.getTenantId());
        reply(out, proto(settings.update(tenantId, given.getEtag(), current -> new SettingsRow(
                tenantId,
                all || paths.contains(EMAILS) ? given.getNotificationEmailsList()
                                              : current.notificationEmails(),
                all || paths.contains(LANGUAGE) ? language(given) : current.language(),
                current.version(), current.updatedAt()))));
    }

    private static String language(NotificationSettings given) {
        return switch (given.getLanguage()) {
            case NOTIFICATION_LANGUAGE_HI -> NotificationLanguage.HI.code();
            default -> NotificationLanguage.EN.code();
        };
    }

    private static NotificationSettings proto(SettingsRow row) {
        final NotificationSettings.Builder proto = NotificationSettings.newBuilder()
                .setTenantId(row.tenantId().toString())
                .addAllNotificationEmails(row.notificationEmails())
                .setLanguage(NotificationLanguage.fromCode(row.language()) == NotificationLanguage.HI
                             ? dev.tradeloom.enquiry.v1.NotificationLanguage.NOTIFICATION_LANGUAGE_HI
                             : dev.tradeloom.enquiry.v1.NotificationLanguage.NOTIFICATION_LANGUAGE_EN);
        if (row.version() > 0) {
            proto.setEtag(Long.toString(row.version())).setUpdateTime(EnquiryProtos.timestamp(row.updatedAt()));
        }
        return proto.build();
    }
}
