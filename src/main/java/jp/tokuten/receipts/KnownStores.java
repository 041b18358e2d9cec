package jp.tokuten.receipts;

import java.text.Normalizer;
import java.util.List;
import jp.tokuten.ocr.OcrLine;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;

/**
 * Recognises a store the reader was told about (a campaign's participating chains) in the header of a
 * receipt, also when its name is set as a logo or in brush lettering that OCR reads only in part: the
 * name that best matches a stretch of one of the first lines wins, if it matches at least half.
 */
public final class KnownStores {

    /** At most this many names in one store list, each at most {@link #NAME_LENGTH} characters. */
    public static final int MAX_NAMES = 1000;

    public static final int NAME_LENGTH = 100;

    /** Half the characters right: brush lettering read by Tesseract gets about that far (bench/ocr). */
    static final double ENOUGH = 0.5;

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

    @Nullable
    static Match best(List<OcrLine> lines, List<String> names) {
        Match best = null;
        for (OcrLine line : lines.subList(0, Math.min(HEADER_LINES, lines.size()))) {
            String text = key(line.text());
            for (String name : names) {
                String want = key(name);
                if (want.isEmpty() || text.isEmpty()) {
                    continue;
                }
                double s = bestStretch(text, want);
                if (s >= ENOUGH && (best == null || s > best.similarity())) {
                    best = new Match(name.strip(), s);
                }
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

    private static String key(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).replaceAll("\\s+", "");
    }
}
