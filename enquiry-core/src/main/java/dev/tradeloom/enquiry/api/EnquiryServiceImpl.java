package dev.tradeloom.enquiry.api;

import static dev.tradeloom.platform.grpc.Replies.reply;
import static java.util.Objects.requireNonNull;

import java.util.UUID;

import dev.tradeloom.enquiry.domain.Enquiries;
import dev.tradeloom.enquiry.domain.Sender;
import dev.tradeloom.enquiry.store.EnquiryRow;
import dev.tradeloom.enquiry.store.NoteRow;
import dev.tradeloom.enquiry.v1.AddEnquiryNoteRequest;
import dev.tradeloom.enquiry.v1.AssignEnquiryRequest;
import dev.tradeloom.enquiry.v1.CreateEnquiryRequest;
import dev.tradeloom.enquiry.v1.Enquiry;
import dev.tradeloom.enquiry.v1.EnquiryNote;
import dev.tradeloom.enquiry.v1.EnquiryServiceGrpc;
import dev.tradeloom.enquiry.v1.GetEnquiryRequest;
import dev.tradeloom.enquiry.v1.ListEnquiriesRequest;
import dev.tradeloom.enquiry.v1.ListEnquiriesResponse;
import dev.tradeloom.enquiry.v1.ListEnquiryNotesRequest;
import dev.tradeloom.enquiry.v1.ListEnquiryNotesResponse;
import dev.tradeloom.enquiry.v1.ListMyEnquiriesRequest;
import dev.tradeloom.enquiry.v1.ListMyEnquiriesResponse;
import dev.tradeloom.enquiry.v1.UpdateEnquiryStatusRequest;
import dev.tradeloom.platform.api.Page;
import dev.tradeloom.platform.auth.Caller;
import dev.tradeloom.platform.auth.Callers;
import io.grpc.stub.StreamObserver;

/** tradeloom.enquiry.v1.EnquiryService over {@link Enquiries}. */
public final class EnquiryServiceImpl extends EnquiryServiceGrpc.EnquiryServiceImplBase {
    private final Enquiries enquiries;

    public EnquiryServiceImpl(Enquiries enquiries) {
        this.enquiries = requireNonNull(enquiries, "enquiries");
    }

    @Override
    public void createEnquiry(CreateEnquiryRequest request, StreamObserver<Enquiry> out) {
        final Caller caller = Callers.current().orElse(null);
        final Sender sender = caller == null ? Sender.guest(ClientAddress.current())
                                             : new Sender(caller.userId(), caller.emailVerified(),
                                                          ClientAddress.current());
        final UUID requestId = EnquiryProtos.uuidOrNull(request.getRequestId());
        final EnquiryRow created = enquiries.create(sender, UUID.fromString(request.getTenantId()),
                                                    EnquiryProtos.draft(request.getEnquiry()), requestId);
        reply(out, EnquiryProtos.forBuyer(created));
    }

    @Override
    public void listMyEnquiries(ListMyEnquiriesRequest request, StreamObserver<ListMyEnquiriesResponse> out) {
        final Page<EnquiryRow> page = enquiries.sentBy(Callers.required().userId(), request.getPageSize(),
                                                       request.getPageToken());
        final ListMyEnquiriesResponse.Builder response =
                ListMyEnquiriesResponse.newBuilder().setNextPageToken(page.nextPageToken());
        page.items().forEach(e -> response.addEnquiries(EnquiryProtos.forBuyer(e)));
        reply(out, response.build());
    }

    @Override
    public void listEnquiries(ListEnquiriesRequest request, StreamObserver<ListEnquiriesResponse> out) {
        final Page<EnquiryRow> page = enquiries.inbox(UUID.fromString(request.getTenantId()),
                                                      EnquiryProtos.filter(request), request.getPageSize(),
                                                      request.getPageToken());
        final ListEnquiriesResponse.Builder response =
                ListEnquiriesResponse.newBuilder().setNextPageToken(page.nextPageToken());
        page.items().forEach(e -> response.addEnquiries(EnquiryProtos.forSupplier(e)));
        reply(out, response.build());
    }

    @Override
    public void getEnquiry(GetEnquiryRequest request, StreamObserver<Enquiry> out) {
        reply(out, EnquiryProtos.forSupplier(enquiries.get(UUID.fromString(request.getTenantId()),
                                                           UUID.fromString(request.getEnquiryId()))));
    }

    @Override
    public void assignEnquiry(AssignEnquiryRequest request, StreamObserver<Enquiry> out) {
        final EnquiryRow assigned = enquiries.assign(UUID.fromString(request.getTenantId()),
                                                     UUID.fromString(request.getEnquiryId()),
                                                     EnquiryProtos.uuidOrNull(request.getAssigneeUserId()),
                                                     request.getEtag());
        reply(out, EnquiryProtos.forSupplier(assigned));
    }

    @Override
    public void updateEnquiryStatus(UpdateEnquiryStatusRequest request, StreamObserver<Enquiry> out) {
        reply(out, EnquiryProtos.forSupplier(enquiries.updateStatus(UUID.fromString(request.getTenantId()),
                                                                    UUID.fromString(request.getEnquiryId()),
                                                                    EnquiryProtos.status(request.getStatus()),
                                                                    request.getEtag())));
    }

    @Override
    public void addEnquiryNote(AddEnquiryNoteRequest request, StreamObserver<EnquiryNote> out) {
        final NoteRow note = enquiries.addNote(UUID.fromString(request.getTenantId()),
                                               UUID.fromString(request.getEnquiryId()),
                                               Callers.required().userId(), request.getNote().getBody());
        reply(out, EnquiryProtos.note(note));
    }

    @Override
    public void listEnquiryNotes(ListEnquiryNotesRequest request,
                                 StreamObserver<ListEnquiryNotesResponse> out) {
        final Page<NoteRow> page = enquiries.notes(UUID.fromString(request.getTenantId()),
                                                   UUID.fromString(request.getEnquiryId()),
                                                   request.getPageSize(), request.getPageToken());
        final ListEnquiryNotesResponse.Builder response =
                ListEnquiryNotesResponse.newBuilder().setNextPageToken(page.nextPageToken());
        page.items().forEach(n -> response.addNotes(EnquiryProtos.note(n)));
        reply(out, response.build());
    }
}
