package jp.tokuten.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/** The edit and screen signals of a photo (decision 091), each with a case that has it and one that has not. */
class PhotoSignalsTests {

    final BufferedImage receipt = TaggedPhotos.receipt("gen_001.jpg");
    final byte[] plain = TaggedPhotos.jpeg(receipt, 0.85f);

    @Test
    void aCameraPhotoOfAReceiptHasNoSignal() throws Exception {
        for (String name : PhotoFingerprintTests.RECEIPTS) {
            byte[] bytes = new ClassPathResource("receipts/" + name).getContentAsByteArray();
            assertThat(PhotoSignals.of(bytes, TaggedPhotos.decode(bytes)))
                    .as(name)
                    .isEmpty();
        }
        byte[] camera = TaggedPhotos.withExif(
                plain,
                Map.of(TaggedPhotos.MAKE, "Apple", TaggedPhotos.MODEL, "iPhone 15", TaggedPhotos.SOFTWARE, "17.5.1"));
        assertThat(PhotoSignals.of(camera, receipt)).isEmpty();
        // the clean copy of a retried job has no metadata and is a JPEG: no signal
        assertThat(PhotoSignals.of(null, receipt)).isEmpty();
    }

    @Test
    void aPhotoSavedByAnImageEditorHasEditingSoftware() {
        for (String software : new String[] {
            "Adobe Photoshop 25.0 (Windows)",
            "GIMP 2.10.36",
            "Adobe Photoshop Lightroom Classic 13.1",
            "Snapseed 2.0",
            "PicsArt",
            "Canva",
            "Meitu",
            "Pixelmator Pro 3.5",
            "Affinity Photo 2"
        }) {
            byte[] edited = TaggedPhotos.withExif(plain, Map.of(TaggedPhotos.SOFTWARE, software));
            assertThat(PhotoSignals.of(edited, receipt)).as(software).containsExactly(PhotoSignals.EDITING_SOFTWARE);
        }
        assertThat(PhotoSignals.of(TaggedPhotos.withXmpCreator(plain, "Adobe Photoshop 26.2 (Macintosh)"), receipt))
                .containsExactly(PhotoSignals.EDITING_SOFTWARE);
        byte[] png = Photos.encode(receipt, "png");
        assertThat(PhotoSignals.of(TaggedPhotos.withPngText(png, "Software", "GIMP 2.10"), receipt))
                .containsExactly(PhotoSignals.EDITING_SOFTWARE);
        // a phone's own software is not an editor
        assertThat(PhotoSignals.of(
                        TaggedPhotos.withExif(plain, Map.of(TaggedPhotos.SOFTWARE, "S911BXXU3CXH7")), receipt))
                .isEmpty();
    }

    @Test
    void aPngOfAScreenSizeWithoutCameraMetadataIsAScreenshot() {
        // a photo of a receipt, but saved at a phone's screen size as PNG: what a screenshot of a photo is
        BufferedImage onScreen = TaggedPhotos.scaled(receipt, 1170.0 / receipt.getWidth());
        BufferedImage cut = onScreen.getSubimage(0, 0, 1170, Math.min(onScreen.getHeight(), 2532));
        BufferedImage sized = new BufferedImage(1170, 2532, BufferedImage.TYPE_3BYTE_BGR);
        var g = sized.createGraphics();
        g.drawImage(cut, 0, 0, null);
        g.dispose();
        byte[] png = Photos.encode(sized, "png");
        assertThat(PhotoSignals.of(png, sized)).containsExactly(PhotoSignals.SCREENSHOT);
        // the same pixels as a PNG of another size are not
        BufferedImage other = sized.getSubimage(0, 0, 1100, 2500);
        assertThat(PhotoSignals.of(Photos.encode(other, "png"), other)).isEmpty();
    }

    @Test
    void largeFlatAreasOfAUserInterfaceInAPngMakeAScreenshot() {
        BufferedImage screen = TaggedPhotos.appScreen(900, 1700);
        assertThat(PhotoSignals.flatShare(screen)).isGreaterThan(PhotoSignals.FLAT_SHARE);
        byte[] png = Photos.encode(screen, "png");
        assertThat(PhotoSignals.of(png, screen)).containsExactly(PhotoSignals.SCREENSHOT);
        // a JPEG is what cameras give; its flat areas are not taken for a screen
        byte[] jpeg = TaggedPhotos.jpeg(screen, 0.9f);
        assertThat(PhotoSignals.of(jpeg, TaggedPhotos.decode(jpeg))).isEmpty();
    }

    @Test
    void bothSignalsTogetherAndNoneOnAPlainCameraJpeg() {
        BufferedImage screen = TaggedPhotos.appScreen(1179, 2556);
        byte[] png = TaggedPhotos.withPngText(Photos.encode(screen, "png"), "Software", "Adobe Photoshop 25.0");
        assertThat(PhotoSignals.of(png, screen))
                .containsExactly(PhotoSignals.EDITING_SOFTWARE, PhotoSignals.SCREENSHOT);
        BufferedImage big = TaggedPhotos.scaled(receipt, 2.2);
        byte[] bigJpeg = TaggedPhotos.jpeg(big, 0.9f);
        assertThat(PhotoSignals.of(bigJpeg, big)).isEmpty();
    }
}
