package jp.tokuten.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Kana marks put back with IPADIC's costs, and the names that must be left as they were read. */
class KanaCorrectionTests {

    @Test
    void swapsAConfusedMarkWhenTheNameBecomesClearlyMoreLikelyJapanese() {
        assertThat(KanaCorrection.correct("食バン")).isEqualTo("食パン");
        assertThat(KanaCorrection.correct("ポールペン黒")).isEqualTo("ボールペン黒");
        assertThat(KanaCorrection.correct("キッチンペーバー")).isEqualTo("キッチンペーパー");
        assertThat(KanaCorrection.correct("バウムクーペン")).isEqualTo("バウムクーヘン");
        assertThat(KanaCorrection.correct("ミニあんばん")).isEqualTo("ミニあんぱん");
        assertThat(KanaCorrection.correct("ハンドソーブ泡タイプ")).isEqualTo("ハンドソープ泡タイプ");
        assertThat(KanaCorrection.correct("抹茶バフェ")).isEqualTo("抹茶パフェ");
    }

    @Test
    void addsOrDropsAMarkOnlyInsideAStretchTheDictionaryDoesNotKnow() {
        assertThat(KanaCorrection.correct("冷凍チャーバン")).isEqualTo("冷凍チャーハン");
        assertThat(KanaCorrection.correct("レシ袋")).isEqualTo("レジ袋");
        // known words stay as read even where a marked twin would be cheaper (ガット is a word too)
        assertThat(KanaCorrection.correct("カットサラダ")).isEqualTo("カットサラダ");
        assertThat(KanaCorrection.correct("メロンパン")).isEqualTo("メロンパン");
        // a lone kana is no stretch to judge: the カ of a misread カップ stays
        assertThat(KanaCorrection.correct("カ 7 ヌードル")).isEqualTo("カ 7 ヌードル");
    }

    @Test
    void leavesRightNamesAlone() {
        for (String name : new String[] {"パン", "バン", "カバン", "バター", "ボールペン黒", "ブレンドコーヒー", "ビール", "バナナ", "プリン", "ベーコン"}) {
            assertThat(KanaCorrection.correct(name)).as(name).isEqualTo(name);
        }
    }

    @Test
    void keepsProductWordsTheDictionaryLacksAndCorrectsIntoThem() {
        // IPADIC knows ブレーン (brain) but not プレーン (plain): the supplementary list does
        assertThat(KanaCorrection.correct("クロワッサンプレーン")).isEqualTo("クロワッサンプレーン");
        assertThat(KanaCorrection.correct("ヨーグルト プレーン")).isEqualTo("ヨーグルト プレーン");
        assertThat(KanaCorrection.correct("ベーグル")).isEqualTo("ベーグル");
        assertThat(KanaCorrection.correct("ペーグル")).isEqualTo("ベーグル");
    }

    @Test
    void namesWithoutSuchKanaAndEmptyNamesComeBackUnchanged() {
        assertThat(KanaCorrection.correct("日替わり弁当")).isEqualTo("日替わり弁当");
        assertThat(KanaCorrection.correct("ノート A5")).isEqualTo("ノート A5");
        assertThat(KanaCorrection.correct("")).isEqualTo("");
    }
}
