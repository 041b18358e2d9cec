/**
 * OCR engine adapter: an image in, lines of text with a confidence and a box each out. Tesseract 5 with
 * the {@code jpn} and Japanese script models (and {@code jpn+eng} for second readings), called in this
 * process through its C library with the models kept loaded (see docs/decisions/021). Knows nothing of
 * receipts.
 *
 * <p>Depends only on {@code shared}, for the bounded reading slots ({@code Slots}) a request waits for.
 */
@ApplicationModule(allowedDependencies = {"shared"})
@NullMarked
package jp.tokuten.ocr;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
