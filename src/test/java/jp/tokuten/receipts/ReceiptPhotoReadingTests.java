package jp.tokuten.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import javax.imageio.ImageIO;
import jp.tokuten.ocr.OcrEngine;
import jp.tokuten.ocr.TesseractAvailable;
import jp.tokuten.receipts.ReceiptReading.Item;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Field values read by the real engine from phone-like photos (src/test/resources/receipts, made by
 * bench/ocr/generate with exact ground truth).
 */
class ReceiptPhotoReadingTests {

    static final ReceiptReader READER = new ReceiptReader(OcrEngine.tesseract());

    @BeforeAll
    static void engineInstalled() {
        TesseractAvailable.require();
    }

    static ReceiptReading read(String name) throws Exception {
        return read(name, List.of());
    }

    static ReceiptReading read(String name, List<String> knownStores) throws Exception {
        try (var in = ReceiptPhotoReadingTests.class.getResourceAsStream("/receipts/" + name)) {
            return READER.read(List.of(ImageIO.read(in)), knownStores);
        }
    }

    @Test
    void readsAPhotoOnATableRotatedAndShaded() throws Exception {
        ReceiptReading r = read("gen_001.jpg");

        assertThat(r.store().name()).isEqualTo("コーヒーの森");
        assertThat(r.store().branch()).isEqualTo("三宮店");
        assertThat(r.store().phone()).isEqualTo("05-5519-8093");
        assertThat(r.store().registrationNumber()).isEqualTo("T6458996739737");
        assertThat(r.purchasedAt()).isEqualTo("2025-01-25T20:25:05");
        assertThat(r.receiptNumber()).isEqualTo("2819-552");
        assertThat(r.subtotal()).isEqualByComparingTo("3151");
        assertThat(r.total()).isEqualByComparingTo("3151");
        assertThat(r.payment()).isEqualTo("クレジットカード");
        assertThat(r.currency()).isEqualTo("JPY");
        assertThat(r.confidence().get("total")).isGreaterThan(0.9);
    }

    @Test
    void readsItemsOfABlurredPhotoInPerspective() throws Exception {
        ReceiptReading r = read("gen_002.jpg");

        assertThat(r.store().name()).isEqualTo("ファミリーストア");
        assertThat(r.store().branch()).isEqualTo("梅田駅前店");
        assertThat(r.store().registrationNumber()).isEqualTo("T2077786624187");
        assertThat(r.items())
                .extracting(Item::quantity, Item::amount, Item::reducedTax)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2, new BigDecimal("396"), true),
                        org.assertj.core.groups.Tuple.tuple(1, new BigDecimal("298"), false),
                        org.assertj.core.groups.Tuple.tuple(1, new BigDecimal("5"), false));
        assertThat(r.items()).extracting(Item::name).contains("ハンドソープ", "レジ袋 L");
        assertThat(r.total()).isEqualByComparingTo("699");
        assertThat(r.tendered()).isEqualByComparingTo("1000");
        assertThat(r.change()).isEqualByComparingTo("301");
        assertThat(r.payment()).isEqualTo("現金");
        assertThat(r.taxes()).extracting(ReceiptReading.Tax::rate).containsExactly(8, 10);
    }

    @Test
    void readsAFadedThermalReceiptSavedAsPoorJpeg() throws Exception {
        ReceiptReading r = read("gen_003.jpg");

        assertThat(r.store().name()).isEqualTo("コーヒーの森");
        assertThat(r.store().phone()).isEqualTo("07-7597-4451");
        assertThat(r.purchasedAt()).isEqualTo("2026-10-03T13:02:26");
        assertThat(r.total()).isEqualByComparingTo("1986");
        assertThat(r.payment()).isEqualTo("PayPay");
        assertThat(r.items()).hasSize(9);
    }

    @Test
    void readsADenseLongReceiptWithABrushLetteredNameAndAnExternalTax() throws Exception {
        ReceiptReading r = read("gen_005.jpg");

        assertThat(r.purchasedAt()).isEqualTo("2026-06-09T18:14:33");
        assertThat(r.store().phone()).isEqualTo("08-5817-2447");
        assertThat(r.store().branch()).isEqualTo("栄店");
        assertThat(r.subtotal()).isEqualByComparingTo("6458");
        assertThat(r.total()).isEqualByComparingTo("6992");
        assertThat(r.payment()).isEqualTo("PayPay");
        assertThat(r.items()).hasSizeGreaterThanOrEqualTo(17);
        assertThat(r.store().name())
                .as("brush lettering is beyond the engine on its own")
                .isNotEqualTo("青空ベーカリー");
    }

    @Test
    void recognisesABrushLetteredStoreTheCampaignNames() throws Exception {
        ReceiptReading r = read("gen_005.jpg", List.of("さくらマート", "青空ベーカリー", "ほくと薬局"));

        assertThat(r.store().name()).isEqualTo("青空ベーカリー");
        assertThat(r.store().identifiedBy()).isEqualTo(ReceiptReading.StoreIdentification.STORE_LIST);
        assertThat(r.confidence().get("store.name")).isBetween(0.5, 0.95);
        assertThat(r.total()).isEqualByComparingTo("6992");
    }

    @Test
    void givesAReceiptFromAStoreNotOnTheListNoListedStore() throws Exception {
        ReceiptReading r = read("gen_002.jpg", List.of("さくらマート", "青空ベーカリー", "ほくと薬局", "ファミリーマート跡地"));

        assertThat(r.store().name()).isEqualTo("ファミリーストア");
        assertThat(r.store().identifiedBy()).isEqualTo(ReceiptReading.StoreIdentification.PRINTED_NAME);
    }

    @Test
    void identifiesTheStoreByTheRegistrationNumberInACatalog() throws Exception {
        var catalog = StoreCatalog.of(List.of(
                new StoreCatalog.Listed("コーヒーの森", "三宮店", null, "T6458996739737"),
                new StoreCatalog.Listed("さくらマート", "大手町店", "05-5519-8093", null)));
        try (var in = ReceiptPhotoReadingTests.class.getResourceAsStream("/receipts/gen_001.jpg")) {
            ReceiptReading r = READER.read(List.of(ImageIO.read(in)), List.of(), catalog);

            assertThat(r.store().name()).isEqualTo("コーヒーの森");
            assertThat(r.store().identifiedBy()).isEqualTo(ReceiptReading.StoreIdentification.REGISTRATION);
            assertThat(r.confidence().get("store.name")).isEqualTo(StoreIdentifier.BY_REGISTRATION);
        }
    }
}
