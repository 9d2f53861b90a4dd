package dev.tradeloom.tryon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.linecorp.armeria.client.grpc.GrpcClientBuilder;
import com.linecorp.armeria.client.grpc.GrpcClients;

import dev.tradeloom.catalog.CatalogCoreTesting;
import dev.tradeloom.platform.db.DatabaseConfig;
import dev.tradeloom.platform.queue.QueueWorkerSettings;
import dev.tradeloom.platform.storage.StorageConfig;
import dev.tradeloom.platform.testing.TestPostgres;
import dev.tradeloom.platform.testing.TestS3;
import dev.tradeloom.tenant.TenantCoreTesting;
import dev.tradeloom.tryon.domain.TryOnSettings;
import dev.tradeloom.tryon.provider.GeminiSettings;
import dev.tradeloom.tryon.provider.OfflineTryOnProvider;
import dev.tradeloom.tryon.provider.TryOnProvider;
import dev.tradeloom.tryon.v1.CreateTryOnPhotoUploadRequest;
import dev.tradeloom.tryon.v1.SubmitTryOnJobRequest;
import dev.tradeloom.tryon.v1.TryOnJob;
import dev.tradeloom.tryon.v1.TryOnPhotoUpload;
import dev.tradeloom.tryon.v1.TryOnServiceGrpc.TryOnServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;

/**
 * A real tenant-core (accounts and tokens) and a real tryon-worker wired as in production, on a fresh
 * embedded database and a fresh bucket of the in-process S3 server.
 */
public final class TryOnWorkerTesting implements AutoCloseable {
    /** Fast retries and leases, so failure paths finish within a test. */
    public static final QueueWorkerSettings FAST_JOBS = new QueueWorkerSettings(
            2, 32, Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofMillis(20), Duration.ofMillis(100));
    public static final TryOnSettings SETTINGS = new TryOnSettings(20, 500, 3, Duration.ofDays(7),
                                                                   Duration.ofHours(1));

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Where tests without a catalog-core point: nothing listens there. */
    private static final String NO_CATALOG = "http://127.0.0.1:1";

    public final TenantCoreTesting tenantCore;
    public final TryOnWorkerApp app;
    public final DatabaseConfig dbConfig;
    public final StorageConfig storage;
    public final TryOnWorkerConfig config;

    private final boolean ownsTenantCore;

    /** With the offline provider and {@link #SETTINGS}. */
    public TryOnWorkerTesting() {
        this(new OfflineTryOnProvider(), SETTINGS, FAST_JOBS);
    }

    public TryOnWorkerTesting(TryOnProvider provider, TryOnSettings settings, QueueWorkerSettings jobs) {
        this(new TenantCoreTesting(), true, provider, settings, jobs);
    }

    /** tryon-worker in front of an existing tenant-core, which it leaves running on close. */
    public TryOnWorkerTesting(TenantCoreTesting tenantCore) {
        this(tenantCore, false, new OfflineTryOnProvider(), SETTINGS, FAST_JOBS, TestS3.newBucket(),
             NO_CATALOG);
    }

    /**
     * tryon-worker beside an existing catalog-core (and its tenant-core), sharing its bucket as in
     * production, so products of its storefronts can be tried on; it leaves both running on close.
     */
    public TryOnWorkerTesting(CatalogCoreTesting catalog) {
        this(catalog.tenantCore, false, new OfflineTryOnProvider(), SETTINGS, FAST_JOBS, catalog.storage,
             catalog.uri());
    }

    private TryOnWorkerTesting(TenantCoreTesting tenantCore, boolean ownsTenantCore, TryOnProvider provider,
                               TryOnSettings settings, QueueWorkerSettings jobs) {
        this(tenantCore, ownsTenantCore, provider, settings, jobs, TestS3.newBucket(), NO_CATALOG);
    }

    private TryOnWorkerTesting(TenantCoreTesting tenantCore, boolean ownsTenantCore, TryOnProvider provider,
                               TryOnSettings settings, QueueWorkerSettings jobs, StorageConfig storage,
                               String catalogCoreUrl) {
        this.tenantCore = tenantCore;
        this.ownsTenantCore = ownsTenantCore;
        dbConfig = TestPostgres.newDatabase(TryOnWorkerConfig.SCHEMA);
        this.storage = storage;
        config = new TryOnWorkerConfig(0, dbConfig, storage, jobs, tenantCore.uri() + "/.well-known/jwks.json",
                                       settings, GeminiSettings.offline(), catalogCoreUrl);
        app = TryOnWorkerApp.start(config, provider);
    }

    public String uri() {
        return app.uri();
    }

    /** A blocking stub of {@code type} on tryon-worker, signed in with {@code accessToken} when not null. */
    public <T extends AbstractStub<T>> T client(Class<T> type, @Nullable String accessToken) {
        final GrpcClientBuilder builder = GrpcClients.builder(uri());
        if (accessToken != null) {
            builder.addHeader("authorization", "Bearer " + accessToken);
        }
        return builder.build(type);
    }

    /** A signed-in account of no tenant; returns its access token. */
    public String buyer() {
        return tenantCore.signUp(TenantCoreTesting.newEmail("buyer"));
    }

    /** Uploads {@code bytes} as the caller's photo through a presigned PUT; returns its key. */
    public String upload(String accessToken, byte[] bytes, String contentType) {
        final TryOnPhotoUpload upload = createUpload(accessToken, contentType);
        assertThat(put(upload, bytes)).isEqualTo(200);
        return upload.getKey();
    }

    /** A presigned upload of a photo of {@code contentType} for the caller. */
    public TryOnPhotoUpload createUpload(String accessToken, String contentType) {
        return client(TryOnServiceBlockingStub.class, accessToken).createTryOnPhotoUpload(
                CreateTryOnPhotoUploadRequest.newBuilder().setContentType(contentType).build());
    }

    /** PUTs {@code bytes} through the upload's presigned URL, as a browser would; returns the status. */
    public static int put(TryOnPhotoUpload upload, byte[] bytes) {
        final HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(upload.getUploadUrl()))
                                                         .header("content-type", upload.getContentType())
                                                         .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                                                         .build(), HttpResponse.BodyHandlers.ofString());
        return put.statusCode();
    }

    /** A submit of the test person and garment photos, uploaded now as the caller's; a fresh request id. */
    public SubmitTryOnJobRequest submitRequest(String accessToken) {
        return SubmitTryOnJobRequest.newBuilder().setRequestId(requestId())
                                    .setPersonPhotoKey(upload(accessToken, TestPhotos.person(), "image/png"))
                                    .setGarmentPhotoKey(upload(accessToken, TestPhotos.garment(), "image/png"))
                                    .build();
    }

    /** GETs {@code url} (a result URL); returns the response. */
    public static HttpResponse<byte[]> fetch(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * {@code job} with its result URL's query removed: the URL is signed at each read, so two reads that
     * straddle a second differ there and nowhere else.
     */
    public static TryOnJob unsigned(TryOnJob job) {
        final String url = job.getResultUrl();
        final int query = url.indexOf('?');
        return query < 0 ? job : job.toBuilder().setResultUrl(url.substring(0, query)).build();
    }

    private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return HTTP.send(request, handler);
        } catch (IOException e) {
            throw new AssertionError("HTTP call failed: " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Sets the queue row of job {@code jobId} as a worker leaves it, e.g. running under attempt 1, or queued
     * again after a failed attempt: tests of what follows a claim need no worker.
     */
    public void setQueueRow(String jobId, String state, int attempts) {
        app.database().jdbi().useHandle(h -> h.createUpdate("""
                update jobs set state = :state, attempts = :attempts
                 where queue = 'tryon' and dedup_key = :id""")
                .bind("state", state).bind("attempts", attempts).bind("id", jobId).execute());
    }

    /** A fresh request id. */
    public static String requestId() {
        return UUID.randomUUID().toString();
    }

    public static void assertStatus(Throwable e, Status.Code code, String reason) {
        assertThat(e).isInstanceOf(StatusRuntimeException.class);
        final StatusRuntimeException sre = (StatusRuntimeException) e;
        assertThat(sre.getStatus().getCode()).as(sre.getStatus().toString()).isEqualTo(code);
        assertThat(TenantCoreTesting.reason(sre)).isEqualTo(reason);
    }

    @Override
    public void close() {
        app.close();
        if (ownsTenantCore) {
            tenantCore.close();
        }
    }
}
