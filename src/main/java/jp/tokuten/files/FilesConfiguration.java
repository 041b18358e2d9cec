package jp.tokuten.files;

import java.time.Duration;
import jp.tokuten.shared.Slots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FilesConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FilesConfiguration.class);

    /**
     * The intake with its decode slots: {@code tokuten.files.decode-slots} (0 = derived from the heap, see
     * {@link PhotoIntake#defaultSlots}) and {@code tokuten.files.slot-wait}, how long a request waits for
     * one before it is answered 503 {@code busy}.
     */
    @Bean
    PhotoIntake photoIntake(
            @Value("${tokuten.files.max-bytes:" + PhotoIntake.DEFAULT_MAX_BYTES + "}") long maxBytes,
            @Value("${tokuten.files.max-pixels:" + PhotoIntake.DEFAULT_MAX_PIXELS + "}") long maxPixels,
            @Value("${tokuten.files.decode-slots:0}") int decodeSlots,
            @Value("${tokuten.files.slot-wait:PT1.5S}") Duration slotWait) {
        long heap = Runtime.getRuntime().maxMemory();
        int slots = decodeSlots > 0
                ? decodeSlots
                : PhotoIntake.defaultSlots(heap, maxPixels, Runtime.getRuntime().availableProcessors());
        log.info(
                "Photo decoding: {} slot(s) for photos of up to {} million pixels (heap {} MB), a request waits {} ms",
                slots,
                maxPixels / 1_000_000,
                heap / (1024 * 1024),
                slotWait.toMillis());
        return new PhotoIntake(maxBytes, maxPixels, new Slots(slots, slotWait, PhotoIntake.RETRY_AFTER));
    }
}
