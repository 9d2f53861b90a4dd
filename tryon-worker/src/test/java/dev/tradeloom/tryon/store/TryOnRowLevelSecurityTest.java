package dev.tradeloom.tryon.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.nimbusds.jwt.SignedJWT;

import dev.tradeloom.platform.db.Scope;
import dev.tradeloom.platform.db.Transactor;
import dev.tradeloom.tryon.TryOnWorkerTesting;
import dev.tradeloom.tryon.v1.TryOnServiceGrpc.TryOnServiceBlockingStub;

/**
 * Row-level security on the service's runtime connection: a query that forgets its user filter still reads
 * only the acting user's jobs and photo uploads, and a transaction acting for no one reads none; only the
 * sweeps' functions see every user's, and only their owners and ids or keys.
 */
class TryOnRowLevelSecurityTest {
    private static TryOnWorkerTesting tw;

    @BeforeAll
    static void start() {
        tw = new TryOnWorkerTesting();
    }

    @AfterAll
    static void stop() {
        tw.close();
    }

    @Test
    void unfilteredQueries_seeOnlyTheActingUsersJobs() throws Exception {
        final String alice = tw.buyer();
        final String bob = tw.buyer();
        submit(alice);
        submit(alice);
        submit(bob);
        final UUID aliceId = userId(alice);
        final UUID bobId = userId(bob);
        final Transactor tx = tw.app.database().transactor();

        assertThat(count(tx, Scope.user(aliceId))).isEqualTo(2);
        assertThat(count(tx, Scope.user(bobId))).isEqualTo(1);
        assertThat(count(tx, Scope.system())).isZero();
        final int deletedByBob = tx.inTransaction(Scope.user(bobId),
                                                  h -> h.createUpdate("delete from tryon_jobs").execute());
        assertThat(deletedByBob).isEqualTo(1);
        assertThat(count(tx, Scope.user(aliceId))).isEqualTo(2);
        final List<TryOnJobDao.JobRef> expired = tx.inTransaction(
                Scope.system(), h -> h.attach(TryOnJobDao.class).expired(Instant.now().plusSeconds(60), 100));
        assertThat(expired).extracting(TryOnJobDao.JobRef::userId).containsExactly(aliceId, aliceId);
    }

    @Test
    void unfilteredQueries_seeOnlyTheActingUsersPhotoUploads() throws Exception {
        final String alice = tw.buyer();
        final String bob = tw.buyer();
        tw.createUpload(alice, "image/png");
        tw.createUpload(alice, "image/jpeg");
        tw.createUpload(bob, "image/png");
        final UUID aliceId = userId(alice);
        final UUID bobId = userId(bob);
        final Transactor tx = tw.app.database().transactor();

        assertThat(countUploads(tx, Scope.user(aliceId))).isEqualTo(2);
        assertThat(countUploads(tx, Scope.user(bobId))).isEqualTo(1);
        assertThat(countUploads(tx, Scope.system())).isZero();
        final Instant later = Instant.now().plusSeconds(3600);
        final List<UUID> owners = tx.inTransaction(
                Scope.system(), h -> h.attach(PhotoUploadDao.class).expired(later, 100)).stream()
                                    .map(PhotoUploadDao.UploadRef::userId)
                                    .filter(List.of(aliceId, bobId)::contains).toList();
        assertThat(owners).containsExactlyInAnyOrder(aliceId, aliceId, bobId);
    }

    private static long countUploads(Transactor tx, Scope scope) {
        return tx.inTransaction(scope, h -> h.createQuery("select count(*) from tryon_photo_uploads")
                                             .mapTo(Long.class).one());
    }

    private static long count(Transactor tx, Scope scope) {
        return tx.inTransaction(scope, h -> h.createQuery("select count(*) from tryon_jobs").mapTo(Long.class).one());
    }

    private static void submit(String token) {
        tw.client(TryOnServiceBlockingStub.class, token).submitTryOnJob(tw.submitRequest(token));
    }

    private static UUID userId(String token) throws Exception {
        return UUID.fromString(SignedJWT.parse(token).getJWTClaimsSet().getSubject());
    }
}
