package jp.tokuten.ocr;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OcrConfiguration {

    @Bean
    OcrEngine ocrEngine() {
        return OcrEngine.tesseract();
    }
}
