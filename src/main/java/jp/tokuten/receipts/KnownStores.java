package jp.tokuten.receipts;

import java.text.Normalizer;
import java.util.List;
import jp.tokuten.ocr.OcrLine;
import jp.tokuten.shared.FoldedText;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;

/**
 * Recognises a store the reader was told about (a campaign's participating chains) in the header of a
 * receipt, also when its name is set as a logo or in brush lettering that OCR reads only in part: the
 * name that best matches a stretch of one of the first lines (or of two adjacent ones) wins, if it matches
 * enough ({@link #best}). Text is compared folded, voicing marks and kanji/katakana look-alikes aside
 * ({@link #key}).
 */
public final class KnownStores {

    /** At most this many names in one store list, each at most {@link #NAME_LENGTH} characters. */
    public static final int MAX_NAMES = 1000;

    public static final int NAME_LENGTH = 100;

    /** Half the characters right: brush lettering read by Tesseract gets about that far (bench/ocr). */
    static final double ENOUGH = 0.5;

    /**
     * A line OCR read at least this surely is taken as printed, not as a logo read in part: Tesseract gives
     * the brush-lettered and noisy logos it reads in part 0.26–0.79 and printed lines 0.81–0.97, blurred
     * and noisy ones included (bench/ocr, decision 102).
     */
    static final double SURE_LINE = 0.85;

    /** How alike a listed name must be to a stretch of a surely read line. */
    static final double ENOUGH_ON_A_SURE_LINE = 0.75;

    private static final int HEADER_LINES = 8;

    private KnownStores() {}

    record Match(String name, double similarity) {}

    /**
     * A store list the reader cannot use: 400 {@code invalid_store_list} for the API (the detail states both
     * limits); {@link #getMessage()} says in English what was wrong, for the command line.
     */
    public static final class InvalidList extends ProblemException {
        private final String message;

        InvalidList(String message) {
            super(400, "invalid_store_list", MAX_NAMES, NAME_LENGTH);
            this.message = message;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }

    /**
     * The names of a store list: one per line, blank lines and lines starting with # skipped.
     *
     * @throws InvalidList with more than {@link #MAX_NAMES} names or a name longer than {@link #NAME_LENGTH}
     */
    public static List<String> parse(String text) {
        List<String> names = new java.util.ArrayList<>();
        for (String line : text.lines().toList()) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            if (names.size() == MAX_NAMES) {
                throw new InvalidList("At most " + MAX_NAMES + " store names");
            }
            if (name.length() > NAME_LENGTH) {
                throw new InvalidList("A store name has at most " + NAME_LENGTH + " characters");
            }
            names.add(name);
        }
        return names;
    }

    /**
     * The listed name that best matches a stretch of one of the first lines, or of two adjacent lines read
     * as one (a name broken over two lines), if it matches enough: half its characters on a line OCR was
     * unsure of (a logo or brush lettering read in part), {@link #ENOUGH_ON_A_SURE_LINE} on a line OCR read
     * surely, where a name that differs is a different store's ("さくら薬局" is not "さくらマート").
     */
    @Nullable
    static Match best(List<OcrLine> lines, List<String> names) {
        List<String> wanted = names.stream().map(KnownStores::key).toList();
        List<OcrLine> header = lines.subList(0, Math.min(HEADER_LINES, lines.size()));
        Match best = null;
        for (int i = 0; i < header.size(); i++) {
            OcrLine line = header.get(i);
            best = better(best, key(line.text()), line.confidence(), names, wanted);
            if (i + 1 < header.size()) {
                OcrLine next = header.get(i + 1);
                best = better(
                        best,
                        key(line.text() + next.text()),
                        Math.min(line.confidence(), next.confidence()),
                        names,
                        wanted);
            }
        }
        return best;
    }

    @Nullable
    private static Match better(
            @Nullable Match best, String text, double lineConfidence, List<String> names, List<String> wanted) {
        double enough = lineConfidence >= SURE_LINE ? ENOUGH_ON_A_SURE_LINE : ENOUGH;
        for (int n = 0; n < names.size(); n++) {
            String want = wanted.get(n);
            if (want.isEmpty() || text.isEmpty()) {
                continue;
            }
            double s = bestStretch(text, want);
            if (s >= enough && (best == null || s > best.similarity())) {
                best = new Match(names.get(n).strip(), s);
            }
        }
        return best;
    }

    /** The best similarity of {@code want} to a stretch of {@code text} about as long as it. */
    static double bestStretch(String text, String want) {
        double best = 0;
        for (int length = Math.max(1, want.length() - 2); length <= want.length() + 3; length++) {
            if (length >= text.length()) {
                best = Math.max(best, PageJoin.similarity(text, want));
                break;
            }
            for (int start = 0; start + length <= text.length(); start++) {
                best = Math.max(best, PageJoin.similarity(text.substring(start, start + length), want));
            }
        }
        return best;
    }

    /**
     * Text as matched: folded ({@link FoldedText#fold}: width, hiragana as katakana, small kana, long-vowel
     * look-alikes, no spaces or punctuation), voicing marks dropped (blur loses them: ベ, ペ and ヘ are one) and
     * the kanji OCR takes for look-alike katakana written as those katakana (口 ロ, 力 カ, 工 エ, 夕 タ, 卜 ト,
     * 二 ニ, 八 ハ, 一 ー).
     */
    static String key(String s) {
        String folded = Normalizer.normalize(FoldedText.fold(s), Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (c == '\u3099' || c == '\u309a') {
                continue; // combining voiced and semi-voiced sound marks
            }
            out.append(
                    switch (c) {
                        case '口' -> 'ロ';
                        case '力' -> 'カ';
                        case '工' -> 'エ';
                        case '夕' -> 'タ';
                        case '卜' -> 'ト';
                        case '二' -> 'ニ';
                        case '八' -> 'ハ';
                        case '一' -> 'ー';
                        default -> c;
                    });
        }
        return Normalizer.normalize(out, Normalizer.Form.NFC);
    }
}
