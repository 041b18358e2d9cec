package jp.tokuten.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jp.tokuten.ocr.OcrLine;
import org.junit.jupiter.api.Test;

class KnownStoresTests {

    /** Lines as OCR reads printed text: surely. */
    static List<OcrLine> header(String... lines) {
        return java.util.Arrays.stream(lines).map(l -> OcrLine.of(l, 0.9)).toList();
    }

    /** A line as OCR reads a logo or brush lettering it reads only in part: unsurely. */
    static OcrLine logo(String text) {
        return OcrLine.of(text, 0.4);
    }

    @Test
    void findsAStoreWhoseLogoOcrReadOnlyInPart() {
        var lines = List.of(logo("者室ベペーカリ ー"), OcrLine.of("栄店", 0.9), OcrLine.of("TEL 08-5817-2447", 0.9));
        var match = KnownStores.best(lines, List.of("さくらマート", "青空ベーカリー"));
        assertThat(match).isNotNull();
        assertThat(match.name()).isEqualTo("青空ベーカリー");
        assertThat(match.similarity()).isBetween(0.5, 1.0);
    }

    @Test
    void findsTheNameInsideALongerLine() {
        var match = KnownStores.best(header("株式会社 ファミリーストア 梅田駅前店"), List.of("ファミリーストア"));
        assertThat(match).isNotNull();
        assertThat(match.similarity()).isEqualTo(1.0);
    }

    @Test
    void takesNoStoreThatMatchesLessThanHalf() {
        assertThat(KnownStores.best(List.of(logo("は は & 薬亡"), logo("札幌北口店")), List.of("さくらマート", "まるとくスーパー")))
                .isNull();
        assertThat(KnownStores.best(header(), List.of("さくらマート"))).isNull();
        assertThat(KnownStores.best(header("さくらマート"), List.of(" "))).isNull();
    }

    @Test
    void looksOnlyAtTheHeader() {
        var lines = new java.util.ArrayList<>(header("店", "1", "2", "3", "4", "5", "6", "7"));
        lines.add(OcrLine.of("さくらマートのポイントカード", 0.9));
        assertThat(KnownStores.best(lines, List.of("さくらマート"))).isNull();
    }

    @Test
    void readsAStoreListOneNamePerLineAndRefusesOneItCannotUse() {
        assertThat(KnownStores.parse("# chains\n さくらマート \n\n青空ベーカリー\r\n")).containsExactly("さくらマート", "青空ベーカリー");
        assertThat(KnownStores.parse("")).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KnownStores.parse("店".repeat(101)))
                .isInstanceOf(KnownStores.InvalidList.class)
                .hasMessageContaining("at most 100 characters");
        String many = java.util.stream.IntStream.rangeClosed(0, KnownStores.MAX_NAMES)
                .mapToObj(i -> "店" + i)
                .collect(java.util.stream.Collectors.joining("\n"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KnownStores.parse(many))
                .isInstanceOf(KnownStores.InvalidList.class)
                .hasMessageContaining("At most 1000 store names");
    }

    @Test
    void foldsWidthAndKanaAndToleratesLookAlikes() {
        // half-width katakana for a name listed in hiragana and katakana; ペ for ベ and 力 for カ
        var folded = KnownStores.best(header("ｻｸﾗﾏｰﾄ 大手町店"), List.of("さくらマート"));
        assertThat(folded).isNotNull();
        assertThat(folded.similarity()).isEqualTo(1.0);
        var lookAlike = KnownStores.best(header("青空ペー力リー"), List.of("青空ベーカリー"));
        assertThat(lookAlike).isNotNull();
        assertThat(lookAlike.similarity()).isEqualTo(1.0);
    }

    @Test
    void findsANameBrokenOverTwoLines() {
        var match = KnownStores.best(header("コーヒー", "の森", "三宮店"), List.of("コーヒーの森", "まるとくスーパー"));
        assertThat(match).isNotNull();
        assertThat(match.name()).isEqualTo("コーヒーの森");
        assertThat(match.similarity()).isEqualTo(1.0);
    }

    @Test
    void aSurelyReadLineMustMatchMoreThanHalf() {
        var lines = List.of(OcrLine.of("さくら薬局", 0.95), OcrLine.of("中央店", 0.95));
        assertThat(KnownStores.best(lines, List.of("さくらマート"))).isNull();
        assertThat(KnownStores.best(header("さくら薬局"), List.of("さくらマート"))).isNull();
        // the same characters read unsurely, as a logo is: half is enough
        assertThat(KnownStores.best(List.of(logo("さくら薬局")), List.of("さくらマート"))).isNotNull();
    }
}
