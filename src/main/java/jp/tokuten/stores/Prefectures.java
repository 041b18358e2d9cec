package jp.tokuten.stores;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The 47 prefectures (都道府県), known by their full name, without 都/府/県, or in romaji. */
final class Prefectures {

    /** In the order of the national code (JIS X 0401), with their romaji names. */
    static final List<String> NAMES = List.of(
            "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県",
            "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
            "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県",
            "鹿児島県", "沖縄県");

    private static final List<String> ROMAJI = List.of(
            "hokkaido",
            "aomori",
            "iwate",
            "miyagi",
            "akita",
            "yamagata",
            "fukushima",
            "ibaraki",
            "tochigi",
            "gunma",
            "saitama",
            "chiba",
            "tokyo",
            "kanagawa",
            "niigata",
            "toyama",
            "ishikawa",
            "fukui",
            "yamanashi",
            "nagano",
            "gifu",
            "shizuoka",
            "aichi",
            "mie",
            "shiga",
            "kyoto",
            "osaka",
            "hyogo",
            "nara",
            "wakayama",
            "tottori",
            "shimane",
            "okayama",
            "hiroshima",
            "yamaguchi",
            "tokushima",
            "kagawa",
            "ehime",
            "kochi",
            "fukuoka",
            "saga",
            "nagasaki",
            "kumamoto",
            "oita",
            "miyazaki",
            "kagoshima",
            "okinawa");

    private static final Map<String, String> BY_SPELLING = new HashMap<>();

    static {
        for (int i = 0; i < NAMES.size(); i++) {
            String name = NAMES.get(i);
            BY_SPELLING.put(name, name);
            if (!name.equals("北海道")) {
                BY_SPELLING.put(name.substring(0, name.length() - 1), name);
            }
            String romaji = ROMAJI.get(i);
            BY_SPELLING.put(romaji, name);
            BY_SPELLING.put(romaji + (name.endsWith("都") ? "-to" : name.endsWith("府") ? "-fu" : "-ken"), name);
        }
        BY_SPELLING.put("tokyo-to", "東京都");
        BY_SPELLING.put("hokkaidou", "北海道");
    }

    private Prefectures() {}

    /** The prefecture's full name for any of its spellings. */
    static Optional<String> parse(String text) {
        String key = Normalizer.normalize(text, Normalizer.Form.NFKC)
                .strip()
                .toLowerCase(Locale.ROOT)
                .replace('ō', 'o')
                .replace('ô', 'o')
                .replace(' ', '-');
        return Optional.ofNullable(BY_SPELLING.get(key));
    }
}
