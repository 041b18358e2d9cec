package jp.tokuten.ocr;

import java.util.List;
import java.util.stream.Collectors;

/** The text of one image, top to bottom, as read by the OCR engine. */
public record OcrText(List<OcrLine> lines) {

    public OcrText {
        lines = List.copyOf(lines);
    }

    /** The lines joined with newlines. */
    public String text() {
        return lines.stream().map(OcrLine::text).collect(Collectors.joining("\n"));
    }

    /** Text without engine confidences (every line 0.9), for tests and for text already read. */
    public static OcrText of(String text) {
        var lines = text.lines().map(l -> OcrLine.of(l, 0.9)).toList();
        return new OcrText(lines);
    }
}
