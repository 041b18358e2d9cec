package jp.tokuten.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real Tesseract on a receipt photo we rendered and degraded ourselves. */
class OcrEngineTests {

    @BeforeAll
    static void engineInstalled() {
        TesseractAvailable.require();
    }

    static BufferedImage photo(String name) throws Exception {
        try (var in = OcrEngineTests.class.getResourceAsStream("/receipts/" + name)) {
            return ImageIO.read(in);
        }
    }

    @Test
    void readsJapaneseLinesWithConfidencesTopToBottom() throws Exception {
        OcrText text = OcrEngine.tesseract().read(photo("gen_002.jpg"));

        assertThat(text.text()).contains("ファミリーストア").contains("ハンドソープ").contains("合計");
        assertThat(text.lines()).allSatisfy(l -> assertThat(l.confidence()).isBetween(0.0, 1.0));
        assertThat(text.lines()).extracting(OcrLine::top).isSorted();
        // Tesseract spaces every Japanese character apart; the adapter joins them again
        assertThat(text.text()).doesNotContain("フ ァ ミ");
    }

    @Test
    void reportsAMissingEngineClearly() {
        OcrEngine missing = new OcrEngine("no-such-tesseract", "jpn+eng", Set.of(), 1);
        assertThatThrownBy(() -> missing.read(new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB)))
                .isInstanceOf(OcrException.class)
                .hasMessageContaining("not installed");
    }
}
