package dev.tradeloom.tenant;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.server.Server;

import dev.tradeloom.platform.db.Database;
import dev.tradeloom.platform.server.CoreServer;
import dev.tradeloom.platform.testing.TestPostgres;
import dev.tradeloom.tenant.domain.PasswordHasher;
import dev.tradeloom.tenant.v1.AuthServiceGrpc.AuthServiceBlockingStub;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.AbstractStub;

/** A running tenant-core on a fresh embedded database, wired exactly as in production. */
public final class TenantCoreTesting implements AutoCloseable {
    /** Cheap Argon2id parameters: tests check behaviour, not hashing cost. */
    static final PasswordHasher.Params TEST_PASSWORDS = new PasswordHasher.Params(1024, 1, 1);

    public final Database db;
    public final Server server;

    public final RecordingAccountMail mail = new RecordingAccountMail();

    public TenantCoreTesting() {
        final var dbConfig = TestPostgres.newDatabase(TenantCoreConfig.SCHEMA);
        db = Database.start(dbConfig, TenantCoreConfig.SCHEMA);
        final var config = new TenantCoreConfig(0, dbConfig, Duration.ofMinutes(15), Duration.ofDays(30),
                                                TEST_PASSWORDS);
        server = TenantCore.configure(CoreServer.builder(), db, config, mail).build();
        server.start().join();
    }

    public String uri() {
        return "http://127.0.0.1:" + server.activeLocalPort();
    }

    /** A blocking stub of {@code type}, signed in with {@code accessToken} when not null. */
    public AuthServiceBlockingStub auth(@Nullable String accessToken) {
        return client(AuthServiceBlockingStub.class, accessToken);
    }

    public <T extends AbstractStub<T>> T client(Class<T> type, @Nullable String accessToken) {
        final var builder = GrpcClients.builder(uri());
        if (accessToken != null) {
            builder.addHeader("authorization", "Bearer " + accessToken);
        }
        return builder.build(type);
    }

    public static String reason(StatusRuntimeException e) {
        return details(e, ErrorInfo.class).getReason();
    }

    public static BadRequest badRequest(StatusRuntimeException e) {
        return details(e, BadRequest.class);
    }

    private static <T extends com.google.protobuf.Message> T details(StatusRuntimeException e, Class<T> type) {
        final com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            throw new AssertionError("no status details in " + e);
        }
        for (com.google.protobuf.Any any : status.getDetailsList()) {
            if (any.is(type)) {
                try {
                    return any.unpack(type);
                } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
                    throw new AssertionError(ex);
                }
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + status);
    }

    @Override
    public void close() {
        server.stop().join();
        db.close();
    }
}
