package jp.tokuten.ocr;

/**
 * One printed line as the engine read it.
 *
 * @param text the words of the line; words far apart on the paper are separated by two spaces
 * @param confidence the engine's mean word confidence, 0 to 1
 * @param top the line's top edge in pixels of the prepared image, for ordering and layout
 * @param height the line's height in pixels; double-size print (倍角) stands out by it
 */
public record OcrLine(String text, double confidence, int top, int height) {}
