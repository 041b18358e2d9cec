package jp.tokuten.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultipartBodyTests {

    private static final MultipartBody.Limits LIMITS = new MultipartBody.Limits(50, 8 * 1024);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<MultipartBody.Part> parse(byte[] body, String boundary) throws Exception {
        return MultipartBody.parse(chunked(body, ChunkedBytes.DEFAULT_SHIFT), boundary, LIMITS);
    }

    private static ChunkedBytes chunked(byte[] body, int shift) {
        return ChunkedBytes.of(body, body.length, shift);
    }

    /** Chunks of 4, 8, 32 and 4,096 bytes put delimiters, headers and text across chunk edges everywhere. */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5, 12, ChunkedBytes.DEFAULT_SHIFT})
    void splitsTextFieldsAndFilesAsABrowserSendsThem(int shift) throws Exception {
        byte[] photo = new byte[300_000];
        new Random(7).nextBytes(photo);
        // the delimiter's own bytes inside the file, without the line break before them, are content
        System.arraycopy(bytes("--XyZ"), 0, photo, 1000, 5);
        var out = new ByteArrayOutputStream();
        out.writeBytes(bytes("--XyZ\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nhanako@example.jp\r\n"));
        out.writeBytes(bytes("--XyZ\r\nContent-Disposition: form-data; name=\"name_kana\"\r\n\r\nヤマダ ハナコ\r\n"));
        out.writeBytes(bytes("--XyZ\r\nContent-Disposition: form-data; name=\"receipt\"; filename=\"レシート.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n"));
        out.writeBytes(photo);
        out.writeBytes(bytes("\r\n--XyZ\r\nContent-Disposition: form-data; name=\"receipt\"; filename=\"\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n\r\n--XyZ--\r\n"));
        byte[] bytes = out.toByteArray();
        ChunkedBytes body = chunked(bytes, shift);

        var parts = MultipartBody.parse(body, "XyZ", LIMITS);

        assertThat(parts)
                .extracting(MultipartBody.Part::name)
                .containsExactly("email", "name_kana", "receipt", "receipt");
        assertThat(parts.get(0).isFile()).isFalse();
        assertThat(parts.get(0).text(body, StandardCharsets.UTF_8)).isEqualTo("hanako@example.jp");
        assertThat(parts.get(1).text(body, StandardCharsets.UTF_8)).isEqualTo("ヤマダ ハナコ");
        var file = parts.get(2);
        assertThat(file.fileName()).isEqualTo("レシート.jpg");
        assertThat(file.contentType()).isEqualTo("image/jpeg");
        assertThat(body.copyOf(file.offset(), file.length())).isEqualTo(photo);
        assertThat(body.stream(file.offset(), file.length()).readAllBytes()).isEqualTo(photo);
        var written = new ByteArrayOutputStream();
        body.writeTo(file.offset(), file.length(), written);
        assertThat(written.toByteArray()).isEqualTo(photo);
        assertThat(parts.get(3).fileName()).isEmpty();
        assertThat(parts.get(3).length()).isZero();
    }

    @Test
    void acceptsAPreambleTransportPaddingQuotedNamesAndAnExtendedFileName() throws Exception {
        byte[] body = bytes("this is a preamble\r\n--b \t\r\n"
                + "content-disposition: form-data; name=\"a \\\"quoted\\\" name\"; filename*=UTF-8''%E5%86%99%E7%9C%9F.png\r\n"
                + "\r\nxyz\r\n--b--");
        var parts = parse(body, "b");
        assertThat(parts).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("a \"quoted\" name");
            assertThat(p.fileName()).isEqualTo("写真.png");
            assertThat(p.length()).isEqualTo(3);
        });
    }

    @Test
    void aBodyShorterThanItsDeclaredLengthIsRefusedAndChunksStayBelowHalfOfG1sSmallestRegion() throws Exception {
        assertThatThrownBy(() -> ChunkedBytes.read(new java.io.ByteArrayInputStream(new byte[1000]), 1001, 8))
                .isInstanceOf(java.io.EOFException.class);
        // an empty range at the very end of a body that fills its last chunk exactly
        ChunkedBytes full = chunked(new byte[512], 8);
        assertThat(full.string(512, 0, StandardCharsets.UTF_8)).isEmpty();
        assertThat(full.matches(512, bytes("ab"), 0, 0)).isTrue();
        assertThat(full.stream(512, 0).read()).isEqualTo(-1);
        // G1 allocates an array of half a region or more outside the young generation; regions are 1 MB at least
        assertThat(1 << ChunkedBytes.DEFAULT_SHIFT).isLessThan(512 * 1024 - 64);
    }

    @Test
    void findsTheBoundaryInTheContentType() {
        assertThat(MultipartBody.boundary("multipart/form-data; boundary=----WebKitFormBoundaryAbc"))
                .isEqualTo("----WebKitFormBoundaryAbc");
        assertThat(MultipartBody.boundary("multipart/form-data; charset=utf-8; BOUNDARY=\"a b\""))
                .isEqualTo("a b");
        assertThat(MultipartBody.boundary("multipart/form-data")).isNull();
        assertThat(MultipartBody.boundary("multipart/form-data; boundary=")).isNull();
        assertThat(MultipartBody.boundary("multipart/form-data; boundary=" + "x".repeat(71)))
                .isNull();
    }

    @Test
    void refusesBodiesThatAreNotMultipart() {
        assertThatThrownBy(() -> parse(bytes("just text"), "b"))
                .isInstanceOf(MultipartBody.Malformed.class)
                .hasMessageContaining("no boundary");
        assertThatThrownBy(() ->
                        parse(bytes("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nnever closed"), "b"))
                .hasMessageContaining("not closed");
        assertThatThrownBy(() -> parse(bytes("--b\r\nContent-Disposition: form-data; name=\"a\""), "b"))
                .hasMessageContaining("headers");
        assertThatThrownBy(() -> parse(bytes("--b\r\nContent-Disposition: attachment\r\n\r\nx\r\n--b--"), "b"))
                .hasMessageContaining("form-data name");
        assertThatThrownBy(() -> parse(bytes("--bX\r\n\r\nx\r\n--b--"), "b")).hasMessageContaining("line end");
        assertThatThrownBy(() -> parse(bytes("--b\r\nX: " + "y".repeat(9000) + "\r\n\r\nz\r\n--b--"), "b"))
                .hasMessageContaining("headers too long");
    }

    @Test
    void refusesMorePartsThanTheLimit() {
        var out = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            out.append("--b\r\nContent-Disposition: form-data; name=\"f")
                    .append(i)
                    .append("\"\r\n\r\nv\r\n");
        }
        out.append("--b--");
        assertThatThrownBy(() -> parse(bytes(out.toString()), "b")).hasMessageContaining("too many parts");
    }

    @Test
    void horspoolFindsEveryOccurrenceAByteByByteSearchFinds() {
        var random = new Random(11);
        byte[] pattern = bytes("\r\n--ab");
        int[] shift = MultipartBody.shiftTable(pattern);
        for (int round = 0; round < 200; round++) {
            byte[] text = new byte[random.nextInt(200)];
            for (int i = 0; i < text.length; i++) {
                text[i] = (byte) "\r\n-ab".charAt(random.nextInt(5)); // dense in near misses
            }
            int from = text.length == 0 ? 0 : random.nextInt(text.length);
            for (int chunkShift : new int[] {1, 2, 3, ChunkedBytes.DEFAULT_SHIFT}) {
                assertThat(chunked(text, chunkShift).indexOf(from, text.length, pattern, shift))
                        .isEqualTo(naive(text, from, pattern));
            }
        }
    }

    private static int naive(byte[] text, int from, byte[] pattern) {
        outer:
        for (int i = from; i + pattern.length <= text.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (text[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
