package jp.tokuten.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import jp.tokuten.files.PhotoRejectedException.Reason;
import org.junit.jupiter.api.Test;

class PhotoIntakeTests {

    final PhotoIntake intake = PhotoIntake.withDefaults();

    byte[] resource(String name) throws Exception {
        try (var in = getClass().getResourceAsStream("/photos/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void acceptsJpegPngAndWebpByTheirContent() throws Exception {
        assertThat(intake.check(Photos.jpeg(64, 32)).format()).isEqualTo("jpeg");
        assertThat(intake.check(resource("small.png")).format()).isEqualTo("png");
        Photo webp = intake.check(resource("small.webp"));
        assertThat(webp.format()).isEqualTo("webp");
        assertThat(webp.width()).isEqualTo(240);
    }

    @Test
    void acceptsHeicThroughLibheifWhereItIsInstalled() throws Exception {
        boolean installed = new ProcessBuilder("sh", "-c", "command -v heif-convert")
                        .start()
                        .waitFor()
                == 0;
        org.junit.jupiter.api.Assumptions.assumeTrue(
                installed || "true".equalsIgnoreCase(System.getenv("CI")), "heif-convert is not installed");
        Photo heic = intake.check(resource("small.heic"));
        assertThat(heic.format()).isEqualTo("heic");
        assertThat(heic.width()).isEqualTo(240);
        assertThat(heic.height()).isEqualTo(120);
    }

    @Test
    void turnsThePhotoUprightByItsExifOrientationAndDropsAllMetadata() throws Exception {
        byte[] upload = Photos.jpegWithGpsAndOrientation(80, 40);
        assertThat(Photos.contains(upload, "PhoneX1")).isTrue();

        Photo photo = intake.check(upload);
        assertThat(photo.width()).isEqualTo(40);
        assertThat(photo.height()).isEqualTo(80);
        // the black mark was top left; turned 90° clockwise it is top right
        assertThat(photo.image().getRGB(35, 5) & 0xff).isLessThan(60);
        assertThat(photo.image().getRGB(5, 75) & 0xff).isGreaterThan(200);

        byte[] clean = PhotoIntake.reencode(photo);
        assertThat(Photos.contains(clean, "Exif")).isFalse();
        assertThat(Photos.contains(clean, "PhoneX1")).isFalse();
        assertThat(ImageIO.read(new ByteArrayInputStream(clean)).getWidth()).isEqualTo(40);
    }

    @Test
    void refusesWhatIsNoPhoto() {
        assertRejected("name,total\nfoo,100\n".getBytes(StandardCharsets.UTF_8), Reason.NOT_A_PHOTO);
        assertRejected(
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
                        .getBytes(StandardCharsets.UTF_8),
                Reason.NOT_A_PHOTO);
        assertRejected(new byte[0], Reason.EMPTY);
    }

    @Test
    void refusesDamagedOversizedAndPolyglotImages() {
        byte[] jpeg = Photos.jpeg(64, 32);
        assertRejected(Photos.truncated(jpeg), Reason.DAMAGED);
        assertRejected(Photos.decompressionBombPng(), Reason.TOO_MANY_PIXELS);
        assertRejected(
                Photos.concat(jpeg, "<?php system($_GET['c']); ?>".getBytes(StandardCharsets.US_ASCII)),
                Reason.POLYGLOT);
        assertRejected(Photos.concat(jpeg, new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0}), Reason.POLYGLOT);
        assertRejected(new byte[21 * 1024 * 1024], Reason.TOO_LARGE);
    }

    void assertRejected(byte[] upload, Reason reason) {
        assertThatThrownBy(() -> intake.check(upload))
                .isInstanceOfSatisfying(
                        PhotoRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason))
                .message()
                .isNotBlank();
    }

    @Test
    void refusesOddShapesFromTheHeaderAlone() throws Exception {
        assertRejected(Photos.jpeg(50_000, 1), Reason.ODD_SHAPE);
        assertRejected(Photos.pngHeader(100, 500_000), Reason.ODD_SHAPE);
        assertRejected(Photos.pngHeader(70_000, 70_000), Reason.ODD_SHAPE);
        assertRejected(Photos.jpegClaiming(65_535, 9_000), Reason.ODD_SHAPE);
        assertRejected(Photos.jpegClaiming(2_100, 100), Reason.ODD_SHAPE);
        // the header is all inspect() reads: a 20 x 10 JPEG whose frame header claims 7,300 x 5,500 passes it
        var header = intake.inspect(new ByteArrayInputStream(Photos.jpegClaiming(7_300, 5_500)), 1_000);
        assertThat(header).isEqualTo(new PhotoIntake.Header("jpeg", 7_300, 5_500));
        assertThat(intake.check(Photos.jpeg(1_000, 50)).width()).isEqualTo(1_000);
    }

    @Test
    void derivesItsDecodeSlotsFromTheHeap() {
        long mb = 1024 * 1024;
        assertThat(PhotoIntake.defaultSlots(512 * mb, PhotoIntake.DEFAULT_MAX_PIXELS, 8))
                .isEqualTo(1);
        assertThat(PhotoIntake.defaultSlots(1024 * mb, PhotoIntake.DEFAULT_MAX_PIXELS, 8))
                .isEqualTo(2);
        assertThat(PhotoIntake.defaultSlots(4096 * mb, PhotoIntake.DEFAULT_MAX_PIXELS, 2))
                .isEqualTo(2);
        assertThat(PhotoIntake.defaultSlots(4096 * mb, PhotoIntake.DEFAULT_MAX_PIXELS, 16))
                .isEqualTo(10);
        assertThat(PhotoIntake.defaultSlots(128 * mb, PhotoIntake.DEFAULT_MAX_PIXELS, 2))
                .isEqualTo(1);
    }
}
