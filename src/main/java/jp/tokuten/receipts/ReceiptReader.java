package jp.tokuten.receipts;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import jp.tokuten.ocr.OcrEngine;
import jp.tokuten.ocr.OcrText;

/**
 * Reads receipts (レシート読取): photos through the OCR engine, then the text into a {@link ReceiptReading}.
 * Needs no database and no Spring context, so the command line uses it as it is.
 */
public final class ReceiptReader {

    private final OcrEngine engine;

    public ReceiptReader(OcrEngine engine) {
        this.engine = engine;
    }

    /** Reads the photos of one receipt, top to bottom (one photo for most receipts). */
    public ReceiptReading read(List<BufferedImage> pages) {
        List<OcrText> texts = new ArrayList<>();
        for (BufferedImage page : pages) {
            texts.add(engine.read(page));
        }
        return parse(texts);
    }

    /** Reads text the OCR engine has already produced. */
    public static ReceiptReading parse(List<OcrText> pages) {
        return ReceiptParser.parse(pages);
    }
}
