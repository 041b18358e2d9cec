package jp.tokuten.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FoldedTextTests {

    @Test
    void halfWidthKanaHiraganaAndFullWidthLettersFoldToOneForm() {
        assertThat(FoldedText.fold("ｸﾛﾜｯｻﾝ"))
                .isEqualTo(FoldedText.fold("くろわっさん"))
                .isEqualTo("クロワツサン");
        assertThat(FoldedText.fold("ＡＢＣ　ﾊﾟﾝ")).isEqualTo("abcパン");
        assertThat(FoldedText.fold("ｶﾞﾑ")).isEqualTo("ガム");
        assertThat(FoldedText.fold("コーヒー")).isEqualTo(FoldedText.fold("ｺｰﾋ-")).isEqualTo("コーヒー");
        assertThat(FoldedText.fold("①・(税込)")).isEqualTo("1税込");
        assertThat(FoldedText.fold(null)).isEmpty();
    }

    @Test
    void similarityCountsEditsOverTheLongerText() {
        assertThat(FoldedText.similarity("メロンパン", "ﾒﾛﾝﾊﾟﾝ")).isEqualTo(1.0);
        assertThat(FoldedText.similarity("メロンパン", "メロソパン")).isEqualTo(0.8);
        assertThat(FoldedText.similarity("", "x")).isZero();
        assertThat(FoldedText.similarity("", "")).isEqualTo(1.0);
    }

    @Test
    void windowSimilarityFindsANameInsideALongerLine() {
        assertThat(FoldedText.bestWindowSimilarity("*ﾐﾆｱﾝﾊﾟﾝ 2個 ¥300", "ミニあんぱん"))
                .isEqualTo(1.0);
        assertThat(FoldedText.bestWindowSimilarity("ミニアソパン 2コ", "ミニアンパン"))
                .isCloseTo(5.0 / 6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(FoldedText.containsApproximately("牛乳 1L", "クロワッサン", 0.8)).isFalse();
        assertThat(FoldedText.bestWindowSimilarity("", "x")).isZero();
    }

    @Test
    void janCodesNeedTheirCheckDigit() {
        assertThat(FoldedText.isJan("4901234567894")).isTrue();
        assertThat(FoldedText.isJan("４９０１２３４５６７８９４")).isTrue();
        assertThat(FoldedText.isJan("4901234567890")).isFalse();
        assertThat(FoldedText.isJan("49012345")).isFalse();
        assertThat(FoldedText.isJan("96385074")).isTrue();
        assertThat(FoldedText.isJan("abc")).isFalse();
        assertThat(FoldedText.isJan(null)).isFalse();
    }
}
