package jp.tokuten.ocr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns Tesseract's TSV output (one row per word with its box and confidence) into lines. Words of
 * Japanese script set close together are joined without the space Tesseract puts between every CJK
 * character; words far apart on the paper (a name and its price) get two spaces.
 */
final class TesseractTsv {

    private TesseractTsv() {}

    private record Word(String text, double confidence, int left, int top, int width, int height) {}

    static OcrText parse(String tsv) {
        Map<String, List<Word>> lines = new LinkedHashMap<>();
        for (String row : tsv.split("\n")) {
            String[] cols = row.split("\t", -1);
            if (cols.length < 12 || !"5".equals(cols[0])) {
                continue;
            }
            String text = cols[11].strip();
            if (text.isEmpty()) {
                continue;
            }
            String key = cols[1] + "/" + cols[2] + "/" + cols[3] + "/" + cols[4];
            lines.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new Word(
                            text,
                            Double.parseDouble(cols[10]) / 100.0,
                            Integer.parseInt(cols[6]),
                            Integer.parseInt(cols[7]),
                            Integer.parseInt(cols[8]),
                            Integer.parseInt(cols[9])));
        }
        List<OcrLine> result = new ArrayList<>();
        for (List<Word> words : lines.values()) {
            result.add(line(words));
        }
        return new OcrText(result);
    }

    private static OcrLine line(List<Word> words) {
        int top = Integer.MAX_VALUE;
        int bottom = 0;
        int left = Integer.MAX_VALUE;
        int right = 0;
        for (Word w : words) {
            top = Math.min(top, w.top());
            bottom = Math.max(bottom, w.top() + w.height());
            left = Math.min(left, w.left());
            right = Math.max(right, w.left() + w.width());
        }
        int height = Math.max(1, bottom - top);
        // A typical glyph height: the median word height is robust against one tall misread box.
        int[] heights = words.stream().mapToInt(Word::height).sorted().toArray();
        int glyph = Math.max(1, heights[heights.length / 2]);
        StringBuilder text = new StringBuilder();
        double confidence = 0;
        int chars = 0;
        Word previous = null;
        for (Word w : words) {
            if (previous != null) {
                int gap = w.left() - (previous.left() + previous.width());
                if (gap > glyph * 1.6) {
                    text.append("  ");
                } else if (gap > glyph * 0.55
                        || !(isCjk(previous.text()
                                        .codePointBefore(previous.text().length()))
                                && isCjk(w.text().codePointAt(0)))) {
                    text.append(' ');
                }
            }
            text.append(w.text());
            confidence += w.confidence() * w.text().length();
            chars += w.text().length();
            previous = w;
        }
        return new OcrLine(
                text.toString(), chars == 0 ? 0 : confidence / chars, left, top, Math.max(1, right - left), height);
    }

    static boolean isCjk(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN
                || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA
                || (cp >= 0x3000 && cp <= 0x303F)
                || (cp >= 0xFF01 && cp <= 0xFF60)
                || cp == 0x30FC;
    }
}
