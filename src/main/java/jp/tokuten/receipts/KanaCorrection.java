package jp.tokuten.receipts;

import com.atilika.kuromoji.TokenizerBase;
import com.atilika.kuromoji.dict.CharacterDefinitions;
import com.atilika.kuromoji.dict.ConnectionCosts;
import com.atilika.kuromoji.dict.TokenInfoDictionary;
import com.atilika.kuromoji.dict.UnknownDictionary;
import com.atilika.kuromoji.trie.DoubleArrayTrie;
import com.atilika.kuromoji.util.SimpleResourceResolver;
import com.atilika.kuromoji.viterbi.ViterbiBuilder;
import com.atilika.kuromoji.viterbi.ViterbiNode;
import com.atilika.kuromoji.viterbi.ViterbiSearcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts back the kana marks OCR confuses in item names: on a blurred or faded thermal print the small
 * circle of ゜ and the two strokes of ゛ look alike, so パン is read as バン and ボールペン as ポールペン. Each
 * name is weighed with the costs of IPADIC's morphological dictionary (the lowest-cost way to split it
 * into known words, as a Japanese tokenizer finds it); a kana is swapped for its twin (バ↔パ, ボ↔ポ,
 * ヘ↔ペ …) only when that makes the name cheaper by a clear margin, one swap at a time, the best first;
 * inside a stretch the dictionary does not know, a kana may also gain or lose its mark (チャーバン →
 * チャーハン).
 * Product words the 2007 dictionary lacks (プレーン, ベーグル …) are in {@code receipts/extra-words.txt}:
 * a name keeps them as read and may be corrected into them. Other letters, and names with no such kana,
 * are left as they are. Thread-safe; the dictionary is loaded once, on first use (about 0.4 s).
 *
 * <p>docs/decisions/022; bench/ocr/README.md has what it changed on each labelled set.
 */
final class KanaCorrection {

    /** Kana OCR reads one for another: ゛ for ゜ and back, and へ/ヘ, which are one shape in two scripts. */
    private static final String[] TWINS = {"バパ", "ビピ", "ブプ", "ベペべぺヘへ", "ボポ", "ばぱ", "びぴ", "ぶぷ", "ぼぽ"};

    /**
     * The same kana with or without its mark: tried only inside a stretch the dictionary does not know
     * (チャーバン), since IPADIC's costs alone would turn カットサラダ into ガットサラダ.
     */
    private static final String[] MARKED_OR_NOT = {
        "ハバパ", "ヒビピ", "フブプ", "ヘベペへべぺ", "ホボポ", "カガ", "キギ", "クグ", "ケゲ", "コゴ", "サザ", "シジ", "スズ", "セゼ", "ソゾ", "タダ", "チヂ",
        "ツヅ", "テデ", "トド", "はばぱ", "ひびぴ", "ふぶぷ", "ほぼぽ", "かが", "きぎ", "くぐ", "けげ", "こご", "さざ", "しじ", "すず", "せぜ", "そぞ", "ただ",
        "ちぢ", "つづ", "てで", "とど"
    };

    /** How much cheaper a swap must make the name (IPADIC's costs: a common word costs about 3,000). */
    private static final int MARGIN = 1000;

    /** What a product word of the supplementary list takes off a name's cost. */
    private static final int EXTRA_WORD_BONUS = 3000;

    /** At most this many kana are swapped in one name. */
    private static final int MAX_SWAPS = 3;

    private static final Map<Character, String> ALTERNATIVES = new HashMap<>();
    private static final Map<Character, String> IN_UNKNOWN_WORDS = new HashMap<>();

    static {
        for (String group : TWINS) {
            for (char c : group.toCharArray()) {
                ALTERNATIVES.put(c, group);
            }
        }
        for (String group : MARKED_OR_NOT) {
            for (char c : group.toCharArray()) {
                IN_UNKNOWN_WORDS.put(c, group);
            }
        }
    }

    private KanaCorrection() {}

    /** The name with confused kana marks put back, or the name itself. */
    static String correct(String name) {
        if (name.chars().noneMatch(c -> IN_UNKNOWN_WORDS.containsKey((char) c))) {
            return name;
        }
        Model model = Model.INSTANCE;
        char[] chars = name.toCharArray();
        Model.Weighed current = model.weigh(name);
        for (int swap = 0; swap < MAX_SWAPS; swap++) {
            int bestAt = -1;
            char bestChar = 0;
            long bestCost = current.cost() - MARGIN;
            for (int i = 0; i < chars.length; i++) {
                String twins = current.unknown()[i] ? IN_UNKNOWN_WORDS.get(chars[i]) : ALTERNATIVES.get(chars[i]);
                if (twins == null) {
                    continue;
                }
                char read = chars[i];
                for (char twin : twins.toCharArray()) {
                    if (twin == read) {
                        continue;
                    }
                    chars[i] = twin;
                    String candidate = new String(chars);
                    if (!model.keepsExtraWords(name, candidate)) {
                        continue;
                    }
                    long c = model.cost(candidate);
                    if (c < bestCost) {
                        bestCost = c;
                        bestAt = i;
                        bestChar = twin;
                    }
                }
                chars[i] = read;
            }
            if (bestAt < 0) {
                break;
            }
            chars[bestAt] = bestChar;
            current = model.weigh(new String(chars));
        }
        return new String(chars);
    }

    /** IPADIC loaded once: the Viterbi search kuromoji's tokenizer runs, for the cost of its best path. */
    private static final class Model {
        static final Model INSTANCE = new Model();

        private final ViterbiBuilder builder;
        private final ViterbiSearcher searcher;
        private final List<String> extraWords;

        private Model() {
            try {
                var resolver = new SimpleResourceResolver(com.atilika.kuromoji.ipadic.Tokenizer.class);
                CharacterDefinitions characters = CharacterDefinitions.newInstance(resolver);
                // 9 features per IPADIC entry, as kuromoji's IPADIC tokenizer loads it
                UnknownDictionary unknown = UnknownDictionary.newInstance(resolver, characters, 9);
                builder = new ViterbiBuilder(
                        DoubleArrayTrie.newInstance(resolver),
                        TokenInfoDictionary.newInstance(resolver),
                        unknown,
                        null,
                        TokenizerBase.Mode.NORMAL);
                searcher = new ViterbiSearcher(
                        TokenizerBase.Mode.NORMAL, ConnectionCosts.newInstance(resolver), unknown, new ArrayList<>());
                extraWords = extraWords();
            } catch (IOException e) {
                throw new UncheckedIOException("IPADIC could not be loaded", e);
            }
        }

        private static List<String> extraWords() throws IOException {
            try (InputStream in = KanaCorrection.class.getResourceAsStream("/receipts/extra-words.txt")) {
                if (in == null) {
                    throw new IOException("receipts/extra-words.txt is missing");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .lines()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .toList();
            }
        }

        /** A text's cost, and which of its characters lie in words the dictionary does not know. */
        record Weighed(long cost, boolean[] unknown) {}

        Weighed weigh(String text) {
            List<ViterbiNode> path = searcher.search(builder.build(text));
            boolean[] unknown = new boolean[text.length()];
            for (ViterbiNode node : path) {
                // a word-like stretch, not a lone kana such as the カ of a misread カップ
                if (node.getType() == ViterbiNode.Type.UNKNOWN
                        && node.getStartIndex() >= 0
                        && node.getSurface().length() >= 2) {
                    int end = Math.min(
                            text.length(),
                            node.getStartIndex() + node.getSurface().length());
                    for (int i = node.getStartIndex(); i < end; i++) {
                        unknown[i] = !inExtraWord(text, i);
                    }
                }
            }
            return new Weighed(cost(text, path), unknown);
        }

        long cost(String text) {
            return cost(text, searcher.search(builder.build(text)));
        }

        private long cost(String text, List<ViterbiNode> path) {
            long cost = path.isEmpty() ? Integer.MAX_VALUE : path.getLast().getPathCost();
            for (String word : extraWords) {
                if (text.contains(word)) {
                    cost -= EXTRA_WORD_BONUS;
                }
            }
            return cost;
        }

        private boolean inExtraWord(String text, int at) {
            for (String word : extraWords) {
                for (int from = text.indexOf(word); from >= 0; from = text.indexOf(word, from + 1)) {
                    if (at >= from && at < from + word.length()) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** Whether every supplementary word in what was read is still in the candidate. */
        boolean keepsExtraWords(String read, String candidate) {
            for (String word : extraWords) {
                if (read.contains(word) && !candidate.contains(word)) {
                    return false;
                }
            }
            return true;
        }
    }
}
