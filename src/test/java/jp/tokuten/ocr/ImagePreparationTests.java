package jp.tokuten.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Preparation steps on real images: receipts we rendered, scanned on a page or photographed. */
class ImagePreparationTests {

    static BufferedImage receipt;

    @BeforeAll
    static void load() throws Exception {
        receipt = OcrEngineTests.photo("gen_003.jpg");
    }

    @Test
    void locateCropsAReceiptScannedSmallOnAnA4PageToItsPrint() {
        int left = 1400;
        int top = 900;
        double scale = 2;
        BufferedImage page = TestScans.onA4Page(receipt, scale, left, top);
        int width = (int) (receipt.getWidth() * scale);
        int height = (int) (receipt.getHeight() * scale);

        BufferedImage cropped = ImagePreparation.locate(ImagePreparation.grey(page));

        // the printed part of the receipt, a little margin around it, and nothing of the rest of the page
        assertThat(cropped.getWidth()).isBetween(width / 2, width + 400);
        assertThat(cropped.getHeight()).isBetween(height * 3 / 4, height + 400);
        assertThat(cropped.getWidth() * (long) cropped.getHeight())
                .isLessThan((long) TestScans.A4_WIDTH * TestScans.A4_HEIGHT / 8);
    }

    @Test
    void theDefaultStepsCropALargeScanBeforeScalingSoItsPrintKeepsItsDetail() {
        BufferedImage page = TestScans.onA4Page(receipt, 2, 1400, 900);

        OcrEngine.Page prepared = OcrEngine.tesseract().prepare(page);

        // scaling the whole page to 1,600 px would have left the receipt about 500 px wide
        assertThat(prepared.width()).isGreaterThan(receipt.getWidth());
        assertThat(prepared.width()).isLessThan(2400);
    }

    @Test
    void locateLeavesAPhotoTheReceiptFills() throws Exception {
        BufferedImage photo = OcrEngineTests.photo("gen_001.jpg");
        BufferedImage large =
                new BufferedImage(photo.getWidth() * 3, photo.getHeight() * 3, BufferedImage.TYPE_BYTE_GRAY);
        var g = large.createGraphics();
        g.drawImage(photo, 0, 0, large.getWidth(), large.getHeight(), null);
        g.dispose();

        assertThat(ImagePreparation.locate(large)).isSameAs(large);
    }

    @Test
    void locateLeavesAnEmptyPageAndASmallImage() {
        BufferedImage empty = TestScans.onA4Page(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY), 0, 0, 0);
        BufferedImage grey = ImagePreparation.grey(receipt);

        assertThat(ImagePreparation.locate(empty)).isSameAs(empty);
        assertThat(ImagePreparation.locate(grey)).isSameAs(grey);
    }
}
