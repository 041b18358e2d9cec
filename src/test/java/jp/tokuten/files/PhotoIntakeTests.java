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
}
