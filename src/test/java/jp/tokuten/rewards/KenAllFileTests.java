package jp.tokuten.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Reading Japan Post's file: the sample of real rows under src/test/resources/postal-codes in both of Japan
 * Post's encodings and packagings, and KEN_ALL's known quirks (split town names, notes in parentheses,
 * placeholder towns).
 */
class KenAllFileTests {

    static byte[] sample() throws IOException {
        try (var in = KenAllFileTests.class.getResourceAsStream("/postal-codes/utf_ken_all-sample.csv")) {
            return in.readAllBytes();
        }
    }

    static byte[] zipped(String name, byte[] content) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void readsTheUtf8FileAndCleansPlaceholderTownsAndNotes() throws IOException {
        List<KenAllFile.Row> rows = KenAllFile.read(sample());

        assertThat(rows).hasSize(26);
        assertThat(rows)
                .filteredOn(r -> r.address().postalCode().equals("1000001"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.localGovernmentCode()).isEqualTo("13101");
                    assertThat(r.address())
                            .isEqualTo(new PostalAddress("1000001", "東京都", "千代田区", "千代田", "ﾄｳｷｮｳﾄ", "ﾁﾖﾀﾞｸ", "ﾁﾖﾀﾞ"));
                });
        assertThat(rows)
                .filteredOn(r -> r.address().postalCode().equals("1000000"))
                .singleElement()
                .satisfies(r -> assertThat(r.address().town()).isEmpty());
        assertThat(rows)
                .filteredOn(r -> r.address().postalCode().equals("0600042"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.address().town()).isEqualTo("大通西");
                    assertThat(r.address().townKana()).isEqualTo("ｵｵﾄﾞｵﾘﾆｼ");
                });
        assertThat(rows)
                .filteredOn(r -> r.address().postalCode().equals("0288405"))
                .extracting(r -> r.address().town())
                .containsExactly("大芦", "切牛", "浜岩泉", "真木沢", "南大芦");
    }

    @Test
    void readsShiftJisAndZipArchivesAlike() throws IOException {
        var utf8 = KenAllFile.read(sample());
        byte[] shiftJis = new String(sample(), StandardCharsets.UTF_8).getBytes(Charset.forName("windows-31j"));

        assertThat(KenAllFile.read(shiftJis)).isEqualTo(utf8);
        assertThat(KenAllFile.read(zipped("KEN_ALL.CSV", shiftJis))).isEqualTo(utf8);
        assertThat(KenAllFile.read(zipped("utf_ken_all.csv", sample()))).isEqualTo(utf8);
    }

    @Test
    void joinsATownNameSplitOverRowsAndKeepsRepeatedAddressesOnce() {
        // KEN_ALL splits a town name longer than its column over rows of the same code; these are shaped
        // like such rows (the sample holds none)
        String csv = """
                01101,"064  ","0640941","ﾎｯｶｲﾄﾞｳ","ｻｯﾎﾟﾛｼﾁｭｳｵｳｸ","ｱｻﾋｶﾞｵｶ","北海道","札幌市中央区","旭ケ丘（１～６丁目、",0,0,1,0,0,0
                01101,"064  ","0640941","ﾎｯｶｲﾄﾞｳ","ｻｯﾎﾟﾛｼﾁｭｳｵｳｸ","ｱｻﾋｶﾞｵｶ","北海道","札幌市中央区","７番地）",0,0,1,0,0,0
                01101,"064  ","0640941","ﾎｯｶｲﾄﾞｳ","ｻｯﾎﾟﾛｼﾁｭｳｵｳｸ","ｱｻﾋｶﾞｵｶ","北海道","札幌市中央区","旭ケ丘（８番地）",0,0,1,0,0,0
                13101,"100  ","1006090","ﾄｳｷｮｳﾄ","ﾁﾖﾀﾞｸ","ｶｽﾐｶﾞｾｷｶｽﾐｶﾞｾｷﾋﾞﾙ(ﾁｶｲ･ｶｲｿｳﾌﾒｲ)","東京都","千代田区","霞が関霞が関ビル（地階・階層不明）",0,0,0,0,0,0
                """;

        assertThat(KenAllFile.parse(csv))
                .extracting(r -> r.address().postalCode() + " " + r.address().town())
                .containsExactly("0640941 旭ケ丘", "1006090 霞が関霞が関ビル");
    }

    @Test
    void placeholderTownsBecomeEmpty() {
        assertThat(KenAllFile.cleanTown("以下に掲載がない場合")).isEmpty();
        assertThat(KenAllFile.cleanTown("猿払村の次に番地がくる場合")).isEmpty();
        assertThat(KenAllFile.cleanTown("上野原町一円")).isEmpty();
        assertThat(KenAllFile.cleanTown("一円")).isEqualTo("一円"); // a real town (滋賀県犬上郡多賀町一円)
        assertThat(KenAllFile.cleanTown("大通西（１～１９丁目）")).isEqualTo("大通西");
    }

    @Test
    void refusesWhatIsNotJapanPostsFile() throws IOException {
        assertThatThrownBy(() -> KenAllFile.read("name,email\nHanako,h@example.jp\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(KenAllFile.NotKenAllException.class)
                .hasMessageContaining("columns");
        assertThatThrownBy(() -> KenAllFile.read(new byte[0])).isInstanceOf(KenAllFile.NotKenAllException.class);
        assertThatThrownBy(() -> KenAllFile.read(zipped("readme.txt", sample())))
                .isInstanceOf(KenAllFile.NotKenAllException.class)
                .hasMessageContaining("no .csv");
        assertThatThrownBy(() -> KenAllFile.read(new byte[] {(byte) 0x82, (byte) 0xff, (byte) 0xfe}))
                .isInstanceOf(KenAllFile.NotKenAllException.class);
    }

    @Test
    void normalisesWhatPeopleTypeAsAPostalCode() {
        assertThat(PostalCodes.normalise("1000001")).isEqualTo("1000001");
        assertThat(PostalCodes.normalise("100-0001")).isEqualTo("1000001");
        assertThat(PostalCodes.normalise("〒１００－０００１")).isEqualTo("1000001");
        assertThat(PostalCodes.normalise("100001")).isNull();
        assertThat(PostalCodes.normalise("100-00012")).isNull();
        assertThat(PostalCodes.normalise("abcdefg")).isNull();
    }
}
