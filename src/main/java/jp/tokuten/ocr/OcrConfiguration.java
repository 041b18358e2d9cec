package jp.tokuten.ocr;

import java.time.Duration;
import jp.tokuten.shared.Slots;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OcrConfiguration {

    /**
     * Tesseract with {@code tokuten.ocr.slots} readings at once (0 = one per core) and
     * {@code tokuten.ocr.slot-wait}, how long a request waits for one before it is answered 503
     * {@code busy}.
     */
    @Bean
    OcrEngine ocrEngine(
            @Value("${tokuten.ocr.slots:0}") int configured, @Value("${tokuten.ocr.slot-wait:PT1.5S}") Duration wait) {
        int cores = Runtime.getRuntime().availableProcessors();
        int slots = configured > 0 ? configured : cores;
        return new OcrEngine(
                "tesseract",
                OcrEngine.JAPANESE,
                ImagePreparation.DEFAULT,
                cores,
                new Slots(slots, wait, OcrEngine.RETRY_AFTER));
    }
}
