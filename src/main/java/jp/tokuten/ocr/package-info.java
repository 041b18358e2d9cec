/**
 * OCR engine adapter: an image in, lines of text with a confidence each out. Tesseract 5 with the
 * {@code jpn} and {@code eng} models, run as a separate process (see docs/decisions/010) so a native
 * crash or a runaway page cannot take the application down. Knows nothing of receipts.
 *
 * <p>Depends on no other module.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package jp.tokuten.ocr;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
