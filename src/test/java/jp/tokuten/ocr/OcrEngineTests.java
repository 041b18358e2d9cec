package jp.tokuten.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
    void readsChosenLinesOfAPageAgainInTheirPlaces() throws Exception {
        OcrEngine engine = OcrEngine.tesseract();
        OcrEngine.Page page = engine.prepare(photo("gen_002.jpg"));
        List<OcrLine> phone = engine.read(page).lines().stream()
                .filter(l -> l.text().contains("TEL"))
                .toList();
        assertThat(phone).hasSize(1);

        List<OcrLine> again = engine.withLanguages(OcrEngine.LATIN_AND_JAPANESE).reread(page, phone);

        assertThat(again).hasSize(1);
        assertThat(again.getFirst().text()).contains("04-3733-0986");
        assertThat(again.getFirst())
                .extracting(OcrLine::left, OcrLine::top, OcrLine::width, OcrLine::height)
                .containsExactly(
                        phone.getFirst().left(),
                        phone.getFirst().top(),
                        phone.getFirst().width(),
                        phone.getFirst().height());
    }

    @Test
    void threadsReadingAtOnceGetTheSameTextAsOneReadingAlone() throws Exception {
        OcrEngine engine = new OcrEngine("tesseract", OcrEngine.JAPANESE, ImagePreparation.DEFAULT, 2);
        BufferedImage image = photo("gen_001.jpg");
        String alone = engine.read(image).text();
        try (var pool = Executors.newFixedThreadPool(3)) {
            List<Future<String>> readings = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                readings.add(pool.submit(() -> engine.read(image).text()));
            }
            for (Future<String> reading : readings) {
                assertThat(reading.get(120, TimeUnit.SECONDS)).isEqualTo(alone);
            }
        }
    }

    @Test
    void reportsMissingLanguageDataClearly() {
        OcrEngine unknown = OcrEngine.tesseract().withLanguages("no_such_language");
        assertThatThrownBy(() -> unknown.read(new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB)))
                .isInstanceOf(OcrException.class)
                .hasMessageContaining("language data (no_such_language) is not installed");
    }

    @Test
    void reportsAMissingEngineClearly() {
        OcrEngine missing = new OcrEngine("no-such-tesseract", OcrEngine.JAPANESE, Set.of(), 1);
        assertThatThrownBy(() -> missing.read(new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB)))
                .isInstanceOf(OcrException.class)
                .hasMessageContaining("not installed");
    }

    @Test
    void givesUpOnAPageAtItsDeadlineWithAClearErrorAndStaysUsable() throws Exception {
        OcrEngine hurried = OcrEngine.withDeadline("tesseract", OcrEngine.JAPANESE, ImagePreparation.DEFAULT, 1);
        BufferedImage image = photo("gen_001.jpg");
        for (int attempt = 0; attempt < 2; attempt++) {
            // the second attempt runs on a fresh handle: the one that gave up is not lent out again
            assertThatThrownBy(() -> hurried.read(image))
                    .isInstanceOf(OcrException.class)
                    .hasMessageContaining("took longer than 1 ms");
        }
        OcrEngine patient = OcrEngine.withDeadline("tesseract", OcrEngine.JAPANESE, ImagePreparation.DEFAULT, 60_000);
        assertThat(patient.read(photo("gen_002.jpg")).text()).contains("ファミリーストア");
    }
}
