package jp.tokuten.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jp.tokuten.ocr.OcrLine;
import org.junit.jupiter.api.Test;

class KnownStoresTests {

    static List<OcrLine> header(String... lines) {
        return java.util.Arrays.stream(lines).map(l -> OcrLine.of(l, 0.8)).toList();
    }

    @Test
    void findsAStoreWhoseLogoOcrReadOnlyInPart() {
        var match = KnownStores.best(header("者室ベペーカリ ー", "栄店", "TEL 08-5817-2447"), List.of("さくらマート", "青空ベーカリー"));
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
        assertThat(KnownStores.best(header("は は & 薬亡", "札幌北口店"), List.of("さくらマート", "まるとくスーパー")))
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
}
