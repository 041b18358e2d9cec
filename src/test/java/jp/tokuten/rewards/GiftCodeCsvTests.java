package jp.tokuten.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading gift-code CSV files as tenants make them: encodings, headers, blanks, repeats. */
class GiftCodeCsvTests {

    @Test
    void readsUtf8WithAByteOrderMarkAndSkipsTheHeader() {
        var parsed = GiftCodeCsv.parse("\uFEFFコード\r\nＡＢＣ-1\r\nABC-2\r\n".getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.codes()).containsExactly("ＡＢＣ-1", "ABC-2");
        assertThat(parsed.lines()).containsExactly(2, 3);
    }

    @Test
    void readsShiftJisWhenTheBytesAreNotUtf8() {
        var parsed = GiftCodeCsv.parse("ギフト券-1,500円\nギフト券-2,500円\n".getBytes(Charset.forName("windows-31j")));

        assertThat(parsed.codes()).containsExactly("ギフト券-1", "ギフト券-2");
    }

    @Test
    void countsBlankLinesAndRepeatsByLineButNotTheFinalLineBreaks() {
        var parsed = GiftCodeCsv.parse("A\n\nB\nA\n\"C\"\n\n\n".getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.codes()).containsExactly("A", "B", "C");
        assertThat(parsed.duplicates()).isEqualTo(1);
        assertThat(parsed.duplicateLines()).containsExactly(4);
        assertThat(parsed.rejected()).isEqualTo(1);
        assertThat(parsed.rejectedLines()).containsExactly(2);
    }

    @Test
    void refusesAFileThatIsNotCsvOrHoldsTooManyCodes() {
        assertThatThrownBy(() -> GiftCodeCsv.parse("\"open quote\nA\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        var many = new StringBuilder();
        for (int i = 0; i <= GiftCodeCsv.MAX_CODES; i++) {
            many.append('C').append(i).append('\n');
        }
        assertThatThrownBy(() -> GiftCodeCsv.parse(many.toString().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
