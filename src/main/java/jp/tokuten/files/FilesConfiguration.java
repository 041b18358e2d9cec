package jp.tokuten.files;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FilesConfiguration {

    @Bean
    PhotoIntake photoIntake(
            @Value("${tokuten.files.max-bytes:" + PhotoIntake.DEFAULT_MAX_BYTES + "}") long maxBytes,
            @Value("${tokuten.files.max-pixels:" + PhotoIntake.DEFAULT_MAX_PIXELS + "}") long maxPixels) {
        return new PhotoIntake(maxBytes, maxPixels);
    }
}
