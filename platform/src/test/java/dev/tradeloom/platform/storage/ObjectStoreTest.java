package dev.tradeloom.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tradeloom.platform.testing.TestS3;

class ObjectStoreTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ObjectStore store;

    @BeforeAll
    static void start() {
        store = ObjectStore.start(TestS3.newBucket());
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void putHeadGetDelete_roundTrip() {
        final byte[] png = TestImages.png();
        store.put("t1/a.png", png, "image/png");

        assertThat(store.head("t1/a.png")).hasValueSatisfying(i -> {
            assertThat(i.key()).isEqualTo("t1/a.png");
            assertThat(i.size()).isEqualTo(png.length);
            assertThat(i.contentType()).isEqualTo("image/png");
            assertThat(i.etag()).isNotEmpty();
        });
        assertThat(store.get("t1/a.png")).hasValueSatisfying(b -> assertThat(b).isEqualTo(png));
        assertThat(store.readHead("t1/a.png", 4)).hasValueSatisfying(
                b -> assertThat(b).containsExactly((byte) 0x89, 'P', 'N', 'G'));

        store.delete("t1/a.png");
        assertThat(store.head("t1/a.png")).isEmpty();
        assertThat(store.get("t1/a.png")).isEmpty();
        assertThat(store.readHead("t1/a.png", 4)).isEmpty();
    }

    @Test
    void start_againOnAnExistingBucket_keepsItsObjects() {
        store.put("kept", new byte[] {1, 2, 3}, "application/octet-stream");
        try (ObjectStore again = ObjectStore.start(store.config())) {
            assertThat(again.get("kept")).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
        }
    }

    @Test
    void readHead_ofTheVersionSeen_returnsItsFirstBytes_andNothingOnceTheObjectChanged() {
        store.put("t2/a.png", TestImages.png(), "image/png");
        final ObjectInfo seen = store.head("t2/a.png").orElseThrow();

        assertThat(store.readHead("t2/a.png", 4, seen.etag())).hasValueSatisfying(
                b -> assertThat(b).containsExactly((byte) 0x89, 'P', 'N', 'G'));

        store.put("t2/a.png", TestImages.jpeg(), "image/png");
        assertThat(store.readHead("t2/a.png", 4, seen.etag())).isEmpty();
        store.delete("t2/a.png");
        assertThat(store.readHead("t2/a.png", 4, seen.etag())).isEmpty();
    }

    @Test
    void copy_ofTheVersionSeen_storesItsBytesUnderTheTargetAsTheGivenType() {
        store.put("t2/b.upload", TestImages.png(), "application/octet-stream");
        final ObjectInfo seen = store.head("t2/b.upload").orElseThrow();

        assertThat(store.copy("t2/b.upload", "t2/b.png", seen.etag(), "image/png")).isTrue();

        assertThat(store.get("t2/b.png")).hasValueSatisfying(b -> assertThat(b).isEqualTo(TestImages.png()));
        assertThat(store.head("t2/b.png")).hasValueSatisfying(
                i -> assertThat(i.contentType()).isEqualTo("image/png"));
        assertThat(store.head("t2/b.upload")).as("the source is left").isPresent();
    }

    @Test
    void copy_afterTheObjectChangedOrWasDeleted_copiesNothing() {
        store.put("t2/c.upload", TestImages.png(), "image/png");
        final ObjectInfo seen = store.head("t2/c.upload").orElseThrow();
        store.put("t2/c.upload", TestImages.pngOfSize(4096), "image/png");

        assertThat(store.copy("t2/c.upload", "t2/c.png", seen.etag(), "image/png")).isFalse();
        assertThat(store.head("t2/c.png")).isEmpty();

        store.delete("t2/c.upload");
        assertThat(store.copy("t2/c.upload", "t2/c.png", seen.etag(), "image/png")).isFalse();
        assertThat(store.head("t2/c.png")).isEmpty();
    }

    @Test
    void presignedPut_withTheSignedContentType_storesTheBytes() throws Exception {
        final byte[] jpeg = TestImages.jpeg();
        final URI url = store.presignPut("t1/b.jpg", "image/jpeg");

        final HttpResponse<String> put = HTTP.send(
                HttpRequest.newBuilder(url).header("Content-Type", "image/jpeg")
                           .PUT(BodyPublishers.ofByteArray(jpeg)).build(), BodyHandlers.ofString());

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(store.head("t1/b.jpg")).hasValueSatisfying(i -> {
            assertThat(i.size()).isEqualTo(jpeg.length);
            assertThat(i.contentType()).isEqualTo("image/jpeg");
        });
    }

    @Test
    void presignedPut_withAnotherContentType_isRefused() throws Exception {
        final URI url = store.presignPut("t1/c.png", "image/png");

        final HttpResponse<String> put = HTTP.send(
                HttpRequest.newBuilder(url).header("Content-Type", "text/plain")
                           .PUT(BodyPublishers.ofString("not an image")).build(), BodyHandlers.ofString());

        assertThat(put.statusCode()).isEqualTo(403);
        assertThat(store.head("t1/c.png")).isEmpty();
    }

    @Test
    void readUrl_withoutPublicBase_isAFetchablePresignedGet() throws Exception {
        store.put("t1/d.png", TestImages.png(), "image/png");

        final String url = store.readUrl("t1/d.png");
        final HttpResponse<byte[]> get = fetch(url);

        assertThat(url).contains("X-Amz-Signature=");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(TestImages.png());
    }

    @Test
    void readUrl_withPublicBase_isTheBaseAndTheKey() {
        final StorageConfig cdn = TestS3.newBucket("https://cdn.example.com/media", 1024);
        try (ObjectStore withCdn = ObjectStore.start(cdn)) {
            assertThat(withCdn.readUrl("t1/e.png")).isEqualTo("https://cdn.example.com/media/t1/e.png");
        }
    }

    @Test
    void readHead_ofAnObjectShorterThanAsked_returnsWhatThereIs() {
        store.put("short.txt", "ab".getBytes(StandardCharsets.US_ASCII), "text/plain");
        assertThat(store.readHead("short.txt", ImageType.SNIFF_BYTES))
                .hasValueSatisfying(b -> assertThat(b).containsExactly('a', 'b'));
    }

    private static HttpResponse<byte[]> fetch(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), BodyHandlers.ofByteArray());
    }
}
