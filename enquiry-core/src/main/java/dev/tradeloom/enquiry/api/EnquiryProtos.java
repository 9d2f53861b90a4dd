package dev.tradeloom.enquiry.api;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.google.protobuf.Timestamp;

import dev.tradeloom.enquiry.domain.InboxFilter;
import dev.tradeloom.enquiry.domain.PipelineStatus;
import dev.tradeloom.enquiry.store.EnquiryRow;
import dev.tradeloom.enquiry.store.NoteRow;
import dev.tradeloom.enquiry.v1.CrmLink;
import dev.tradeloom.enquiry.v1.Enquiry;
import dev.tradeloom.enquiry.v1.EnquiryContact;
import dev.tradeloom.enquiry.v1.EnquiryNote;
import dev.tradeloom.enquiry.v1.EnquiryStatus;
import dev.tradeloom.enquiry.v1.ListEnquiriesRequest;

/** Enquiry rows ↔ the contract's messages. */
final class EnquiryProtos {
    private static final Map<PipelineStatus, EnquiryStatus> STATUS = Map.of(
            PipelineStatus.NEW, EnquiryStatus.ENQUIRY_STATUS_NEW,
            PipelineStatus.CONTACTED, EnquiryStatus.ENQUIRY_STATUS_CONTACTED,
            PipelineStatus.QUOTED, EnquiryStatus.ENQUIRY_STATUS_QUOTED,
            PipelineStatus.WON, EnquiryStatus.ENQUIRY_STATUS_WON,
            PipelineStatus.LOST, EnquiryStatus.ENQUIRY_STATUS_LOST,
            PipelineStatus.SPAM, EnquiryStatus.ENQUIRY_STATUS_SPAM);

    private EnquiryProtos() {}

    /** The supplier's view: everything. */
    static Enquiry forSupplier(EnquiryRow row) {
        final Enquiry.Builder enquiry = common(row);
        if (row.assigneeUserId() != null) {
            enquiry.setAssigneeUserId(row.assigneeUserId().toString());
        }
        final CrmLink.Builder crm = CrmLink.newBuilder();
        if (row.crmLeadId() != null) {
            crm.setLeadId(row.crmLeadId());
        }
        return enquiry.setCrm(crm).build();
    }

    /** The sender's view: what they sent and its status, without the supplier's internal fields. */
    static Enquiry forBuyer(EnquiryRow row) {
        return common(row).build();
    }

    private static Enquiry.Builder common(EnquiryRow row) {
        final Enquiry.Builder enquiry =
                Enquiry.newBuilder()
                       .setId(row.id().toString())
                       .setTenantId(row.tenantId().toString())
                       .setSupplierName(row.supplierName())
                       .setQuantity(row.quantity())
                       .setQuantityUnit(row.quantityUnit())
                       .setMessage(row.message())
                       .setContact(EnquiryContact.newBuilder()
                                                 .setName(row.contactName())
                                                 .setEmail(row.contactEmail())
                                                 .setPhone(row.contactPhone())
                                                 .setCompany(row.contactCompany()))
                       .setStatus(status(PipelineStatus.fromDb(row.status())))
                       .setEtag(Long.toString(row.version()))
                       .setCreateTime(timestamp(row.createdAt()))
                       .setUpdateTime(timestamp(row.updatedAt()));
        if (row.productId() != null) {
            enquiry.setProductId(row.productId().toString()).setProductName(row.productName());
        }
        if (row.buyerUserId() != null) {
            enquiry.setBuyerUserId(row.buyerUserId().toString());
        }
        return enquiry;
    }

    /** A draft row from what the sender wrote; ids, status and times are set by the domain. */
    static EnquiryRow draft(Enquiry enquiry) {
        final Instant now = Instant.now();
        final EnquiryContact contact = enquiry.getContact();
        return new EnquiryRow(new UUID(0, 0), new UUID(0, 0), null, null, "",
                              uuidOrNull(enquiry.getProductId()), "", enquiry.getQuantity(),
                              enquiry.getQuantityUnit(), enquiry.getMessage(), contact.getName(),
                              contact.getEmail(), contact.getPhone(), contact.getCompany(),
                              PipelineStatus.NEW.dbName(), null, null, 0, now, now);
    }

    static EnquiryNote note(NoteRow row) {
        return EnquiryNote.newBuilder()
                          .setId(row.id().toString())
                          .setEnquiryId(row.enquiryId().toString())
                          .setAuthorUserId(row.authorUserId().toString())
                          .setBody(row.body())
                          .setCreateTime(timestamp(row.createdAt()))
                          .build();
    }

    static InboxFilter filter(ListEnquiriesRequest request) {
        return new InboxFilter(
                request.getStatus() == EnquiryStatus.ENQUIRY_STATUS_UNSPECIFIED ? null
                                                                                : status(request.getStatus()),
                uuidOrNull(request.getAssigneeUserId()), uuidOrNull(request.getProductId()),
                request.hasCreatedAfter() ? instant(request.getCreatedAfter()) : null,
                request.hasCreatedBefore() ? instant(request.getCreatedBefore()) : null);
    }

    static EnquiryStatus status(PipelineStatus status) {
        return STATUS.get(status);
    }

    static PipelineStatus status(EnquiryStatus status) {
        for (Map.Entry<PipelineStatus, EnquiryStatus> e : STATUS.entrySet()) {
            if (e.getValue() == status) {
                return e.getKey();
            }
        }
        // protovalidate admits only defined values, and callers pass no UNSPECIFIED here.
        throw new IllegalArgumentException("status: " + status);
    }

    static @Nullable UUID uuidOrNull(String value) {
        return value.isEmpty() ? null : UUID.fromString(value);
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
