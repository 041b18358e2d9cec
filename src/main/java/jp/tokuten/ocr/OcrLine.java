package jp.tokuten.ocr;

/**
 * One printed line as the engine read it. Coordinates are pixels of the prepared page ({@link
 * OcrEngine.Page}) it was read from.
 *
 * @param text the words of the line; words far apart on the paper are separated by two spaces
 * @param confidence the engine's mean word confidence, 0 to 1
 * @param left the line's left edge
 * @param top the line's top edge, for ordering and layout
 * @param width the line's width
 * @param height the line's height; double-size print (倍角) stands out by it
 */
public record OcrLine(String text, double confidence, int left, int top, int width, int height) {

    /** A line of text with no position (text read elsewhere, tests). */
    public static OcrLine of(String text, double confidence) {
        return new OcrLine(text, confidence, 0, 0, 0, 0);
    }

    /** The same line with other text and confidence, at the same place. */
    public OcrLine withText(String other, double otherConfidence) {
        return new OcrLine(other, otherConfidence, left, top, width, height);
    }
}
