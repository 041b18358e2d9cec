package jp.tokuten.receipts;

import java.util.ArrayList;
import java.util.List;
import jp.tokuten.ocr.OcrLine;
import jp.tokuten.ocr.OcrText;
import jp.tokuten.shared.FoldedText;

/**
 * Joins the photos of one long receipt, taken top to bottom. Consecutive photos usually overlap by a
 * few lines; the longest run of lines at the end of one photo that reappears at the start of the next
 * is kept once.
 */
final class PageJoin {

    private PageJoin() {}

    static List<OcrLine> join(List<OcrText> pages) {
        List<OcrLine> out = new ArrayList<>();
        for (OcrText page : pages) {
            List<OcrLine> next =
                    page.lines().stream().filter(l -> !l.text().isBlank()).toList();
            Overlap o = overlap(out, next);
            // lines cut in half at a photo's edge are dropped: the other photo has them whole
            out = new ArrayList<>(out.subList(0, out.size() - o.cutAtEnd()));
            out.addAll(next.subList(o.cutAtStart() + o.lines(), next.size()));
        }
        return out;
    }

    /** {@code lines} repeated, after {@code cutAtEnd} partial lines of the previous photo and {@code cutAtStart} of the next. */
    record Overlap(int lines, int cutAtEnd, int cutAtStart) {}

    /** The longest run of lines ending the previous photo (but for up to 2 cut lines) that starts the next one. */
    static Overlap overlap(List<OcrLine> previous, List<OcrLine> next) {
        Overlap best = new Overlap(0, 0, 0);
        for (int cutAtEnd = 0; cutAtEnd <= 2; cutAtEnd++) {
            for (int cutAtStart = 0; cutAtStart <= 2; cutAtStart++) {
                int k = run(
                        previous.subList(0, Math.max(0, previous.size() - cutAtEnd)),
                        next.subList(Math.min(cutAtStart, next.size()), next.size()));
                if (k > best.lines()) {
                    best = new Overlap(k, cutAtEnd, cutAtStart);
                }
            }
        }
        return best;
    }

    private static int run(List<OcrLine> previous, List<OcrLine> next) {
        int max = Math.min(12, Math.min(previous.size(), next.size()));
        for (int k = max; k >= 1; k--) {
            boolean same = true;
            for (int i = 0; i < k && same; i++) {
                String a = key(previous.get(previous.size() - k + i).text());
                String b = key(next.get(i).text());
                same = similarity(a, b) >= 0.75;
            }
            // a single short line ("小計") is too weak a sign of overlap
            if (same && (k >= 2 || key(next.getFirst().text()).length() >= 8)) {
                return k;
            }
        }
        return 0;
    }

    private static String key(String text) {
        return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC)
                .replaceAll("\\s+", "");
    }

    /** 1 minus the edit distance over the longer length. */
    static double similarity(String a, String b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        return 1.0 - (double) FoldedText.distance(a, b) / Math.max(a.length(), b.length());
    }
}
