package jp.tokuten.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The request-time check of issue 10 ({@link PhotoIntake#screen}): everything is judged from the header and
 * one pass over the bytes, nothing is decoded; what it refuses it refuses with the reason the decoding check
 * would have given, and the bytes it passes reach the sink unchanged with their SHA-256.
 */
class PhotoScreeningTests {

    final PhotoIntake intake = PhotoIntake.withDefaults();

    PhotoIntake.Screened screen(byte[] bytes, ByteArrayOutputStream sink) throws Exception {
        return intake.screen(new ByteArrayInputStream(bytes), bytes.length, sink);
    }

    PhotoRejectedException.Reason refusal(byte[] bytes) {
        try {
            screen(bytes, new ByteArrayOutputStream());
        } catch (PhotoRejectedException e) {
            return e.reason();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted");
    }

    /** A JPEG of a real phone's size (a few megabytes, several chunks of the pass): noise compresses badly. */
    static byte[] largeJpeg() {
        var image = new java.awt.image.BufferedImage(1_600, 1_200, java.awt.image.BufferedImage.TYPE_INT_RGB);
        Random random = new Random(10);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, random.nextInt(0xFFFFFF));
            }
        }
        return Photos.encode(image, "jpeg");
    }

    @Test
    void passesAPhotoUnchangedWithItsSizeHeaderAndSha256() throws Exception {
        byte[] photo = largeJpeg();
        assertThat(photo.length).isGreaterThan(PhotoIntake.HEAD_BYTES + 128 * 1024); // more than the head
        var sink = new ByteArrayOutputStream();
        var screened = screen(photo, sink);
        assertThat(sink.toByteArray()).isEqualTo(photo);
        assertThat(screened.size()).isEqualTo(photo.length);
        assertThat(screened.header()).isEqualTo(new PhotoIntake.Header("jpeg", 1_600, 1_200));
        assertThat(screened.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(photo)));
    }

    @Test
    void refusesWhatIsNoAcceptablePhotoWithTheReasonOfTheFullCheck() {
        assertThat(refusal(new byte[0])).isEqualTo(PhotoRejectedException.Reason.EMPTY);
        assertThat(refusal("name,total\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(PhotoRejectedException.Reason.NOT_A_PHOTO);
        assertThat(refusal("<svg onload=\"alert(1)\"/>".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(PhotoRejectedException.Reason.NOT_A_PHOTO);
        // a JPEG cut inside its header, and one cut inside its pixels
        assertThat(refusal(Arrays.copyOf(Photos.jpeg(200, 100), 20))).isEqualTo(PhotoRejectedException.Reason.DAMAGED);
        assertThat(refusal(Photos.truncated(Photos.jpeg(200, 100)))).isEqualTo(PhotoRejectedException.Reason.DAMAGED);
        assertThat(refusal(Photos.jpeg(50_000, 1))).isEqualTo(PhotoRejectedException.Reason.ODD_SHAPE);
        assertThat(refusal(Photos.jpegClaiming(65_535, 9_000))).isEqualTo(PhotoRejectedException.Reason.ODD_SHAPE);
        assertThat(refusal(Photos.decompressionBombPng())).isEqualTo(PhotoRejectedException.Reason.TOO_MANY_PIXELS);
        assertThat(refusal(Photos.jpegClaiming(10_000, 9_000)))
                .isEqualTo(PhotoRejectedException.Reason.TOO_MANY_PIXELS);
    }

    @Test
    void refusesPolyglotsWhereverTheForeignContentIs() {
        byte[] jpeg = Photos.jpeg(200, 100);
        assertThat(refusal(Photos.concat(jpeg, "<html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(PhotoRejectedException.Reason.POLYGLOT);
        // data after the EOI without any markup: a zip appended, say
        assertThat(refusal(Photos.concat(jpeg, "PK\u0003\u0004payload".getBytes(StandardCharsets.ISO_8859_1))))
                .isEqualTo(PhotoRejectedException.Reason.POLYGLOT);
        // a marker in upper case, inside the image data
        byte[] inside = jpeg.clone();
        byte[] marker = "<?PHP".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(marker, 0, inside, inside.length / 2, marker.length);
        assertThat(refusal(inside)).isEqualTo(PhotoRejectedException.Reason.POLYGLOT);
        // a PNG with something after IEND
        assertThat(refusal(Photos.concat(
                        Photos.encode(
                                new java.awt.image.BufferedImage(40, 20, java.awt.image.BufferedImage.TYPE_INT_RGB),
                                "png"),
                        "x".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(PhotoRejectedException.Reason.POLYGLOT);
    }

    @Test
    void findsAMarkerSplitBetweenTwoChunksOfThePass() {
        byte[] photo = largeJpeg();
        byte[] marker = "<script".getBytes(StandardCharsets.US_ASCII);
        // the pass reads the head, then 64 KB chunks: put the marker across every likely boundary
        for (int boundary : new int[] {PhotoIntake.HEAD_BYTES, PhotoIntake.HEAD_BYTES + 64 * 1024}) {
            for (int split = 1; split < marker.length; split++) {
                byte[] hostile = photo.clone();
                System.arraycopy(marker, 0, hostile, boundary - split, marker.length);
                assertThat(refusal(hostile)).as("split at " + split).isEqualTo(PhotoRejectedException.Reason.POLYGLOT);
            }
        }
    }

    @Test
    void acceptsAJpegPaddedWithZerosAfterItsEnd() throws Exception {
        byte[] padded = Photos.concat(Photos.jpeg(200, 100), new byte[300_000]);
        assertThat(screen(padded, new ByteArrayOutputStream()).size()).isEqualTo(padded.length);
    }

    @Test
    void refusesOversizedUploadsByTheDeclaredSizeAndByTheBytesRead() {
        var small = new PhotoIntake(100_000, PhotoIntake.DEFAULT_MAX_PIXELS, intake.slots());
        byte[] big = largeJpeg();
        assertThatThrownBy(() -> small.screen(new ByteArrayInputStream(big), big.length, new ByteArrayOutputStream()))
                .isInstanceOf(PhotoRejectedException.class)
                .extracting(e -> ((PhotoRejectedException) e).reason())
                .isEqualTo(PhotoRejectedException.Reason.TOO_LARGE);
        // a client that declares less than it sends
        assertThatThrownBy(() -> small.screen(new ByteArrayInputStream(big), 1_000, new ByteArrayOutputStream()))
                .isInstanceOf(PhotoRejectedException.class)
                .extracting(e -> ((PhotoRejectedException) e).reason())
                .isEqualTo(PhotoRejectedException.Reason.TOO_LARGE);
    }

    @Test
    void passesAWellHeadedJpegItCannotKnowIsUndecodableWithoutDecoding() throws Exception {
        byte[] undecodable = Photos.undecodableJpeg();
        assertThat(screen(undecodable, new ByteArrayOutputStream()).header().width())
                .isEqualTo(200);
        // the background job's full check finds it out
        assertThatThrownBy(() -> intake.check(undecodable))
                .isInstanceOf(PhotoRejectedException.class)
                .extracting(e -> ((PhotoRejectedException) e).reason())
                .isEqualTo(PhotoRejectedException.Reason.DAMAGED);
    }
}
