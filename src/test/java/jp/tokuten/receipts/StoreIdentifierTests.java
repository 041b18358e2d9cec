package jp.tokuten.receipts;

import static jp.tokuten.receipts.KnownStoresTests.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import jp.tokuten.ocr.OcrLine;
import jp.tokuten.receipts.ReceiptReading.StoreIdentification;
import org.junit.jupiter.api.Test;

/** Each rule of store identification (decision 102): registration, phone, the store list, the printed name. */
class StoreIdentifierTests {

    static final StoreCatalog TENANT = StoreCatalog.of(List.of(
            new StoreCatalog.Listed("みどり書店", "駅前店", "03-1111-2222", "T1234567890123"),
            new StoreCatalog.Listed("あおば薬局", null, "06-3333-4444", null),
            // two stores of one company: its registration number alone does not say which
            new StoreCatalog.Listed("ひまわりマート", "北店", "011-555-0001", "T9876543210987"),
            new StoreCatalog.Listed("ひまわりマート", "南店", "011-555-0002", "T9876543210987")));

    static ReceiptReading reading(String name, String phone, String registration) {
        return new ReceiptReading(
                new ReceiptReading.Store(name, null, phone, registration),
                "2026-06-11T10:00:00",
                null,
                List.of(),
                List.of(),
                null,
                List.of(),
                BigDecimal.valueOf(500),
                null,
                null,
                null,
                "JPY",
                name == null ? Map.of("total", 0.98) : Map.of("store.name", 0.4, "total", 0.98));
    }

    static final Supplier<List<OcrLine>> NO_SECOND_LOOK = () -> {
        throw new AssertionError("no second look expected");
    };

    @Test
    void aRegistrationNumberOfTheTenantsStoreIdentifiesIt() {
        // the logo read as nonsense, the T of the number read as 1
        var r = StoreIdentifier.identify(
                reading("ミビリ喜広", "09-0000-0000", "1 1234567890123"),
                header("ミビリ喜広"),
                NO_SECOND_LOOK,
                List.of(),
                TENANT);

        assertThat(r.store().name()).isEqualTo("みどり書店");
        assertThat(r.store().branch()).isEqualTo("駅前店");
        assertThat(r.store().registrationNumber()).isEqualTo("T1234567890123");
        assertThat(r.store().identifiedBy()).isEqualTo(StoreIdentification.REGISTRATION);
        assertThat(r.confidence()).containsEntry("store.name", StoreIdentifier.BY_REGISTRATION);
        assertThat(r.total()).isEqualByComparingTo("500");
    }

    @Test
    void aRegistrationNumberOfSeveralStoresNeedsTheNameOrThePhone() {
        var byName = StoreIdentifier.identify(
                reading("ひまわりマート南店", null, "T9876543210987"), header(), NO_SECOND_LOOK, List.of(), TENANT);
        assertThat(byName.store().branch()).isEqualTo("南店");
        assertThat(byName.store().identifiedBy()).isEqualTo(StoreIdentification.REGISTRATION);

        var byPhone = StoreIdentifier.identify(
                reading("??", "011-555-0001", "T9876543210987"), header(), NO_SECOND_LOOK, List.of(), TENANT);
        assertThat(byPhone.store().branch()).isEqualTo("北店");
        assertThat(byPhone.store().identifiedBy()).isEqualTo(StoreIdentification.PHONE);
    }

    @Test
    void aPhoneNumberOfTheTenantsStoreIdentifiesIt() {
        var r = StoreIdentifier.identify(
                reading("あをば楽局", "０６(3333)4444", null), header("あをば楽局"), NO_SECOND_LOOK, List.of(), TENANT);

        assertThat(r.store().name()).isEqualTo("あおば薬局");
        assertThat(r.store().phone()).isEqualTo("０６(3333)4444");
        assertThat(r.store().identifiedBy()).isEqualTo(StoreIdentification.PHONE);
        assertThat(r.confidence())
                .containsEntry("store.name", StoreIdentifier.BY_PHONE)
                .containsEntry("store.phone", StoreIdentifier.BY_PHONE);
    }

    @Test
    void theStoreListIsMatchedAgainstTheLinesNearTheTop() {
        var r = StoreIdentifier.identify(
                reading("栄店", "08-5817-2447", null),
                List.of(KnownStoresTests.logo("者室ベペーカリ ー"), OcrLine.of("栄店", 0.9)),
                NO_SECOND_LOOK,
                List.of("さくらマート", "青空ベーカリー"),
                TENANT);

        assertThat(r.store().name()).isEqualTo("青空ベーカリー");
        assertThat(r.store().identifiedBy()).isEqualTo(StoreIdentification.STORE_LIST);
        assertThat(r.confidence().get("store.name")).isBetween(KnownStores.ENOUGH, StoreIdentifier.BY_LIST_AT_MOST);
    }

    @Test
    void theTopIsReadAgainOnlyWhenAListIsGivenAndNothingOnItIsFound() {
        AtomicInteger looks = new AtomicInteger();
        Supplier<List<OcrLine>> again = () -> {
            looks.incrementAndGet();
            return header("青空ベーカリー", "栄店");
        };
        var lost = StoreIdentifier.identify(
                reading("栄店", null, null), header("栄店", "TEL 08-5817-2447"), again, List.of("青空ベーカリー"), TENANT);
        assertThat(lost.store().name()).isEqualTo("青空ベーカリー");
        assertThat(lost.store().identifiedBy()).isEqualTo(StoreIdentification.STORE_LIST);
        assertThat(looks).hasValue(1);

        var noList = StoreIdentifier.identify(reading("栄店", null, null), header("栄店"), again, List.of(), TENANT);
        assertThat(noList.store().identifiedBy()).isEqualTo(StoreIdentification.PRINTED_NAME);
        assertThat(looks).hasValue(1);
    }

    @Test
    void otherwiseThePrintedNameStays() {
        ReceiptReading read = reading("コーヒーの森", "05-5519-8093", "T6458996739737");
        var r = StoreIdentifier.identify(
                read, header("コーヒーの森", "三宮店"), () -> header("コーヒーの森"), List.of("さくらマート"), TENANT);

        assertThat(r).isEqualTo(read);
        assertThat(r.store().identifiedBy()).isEqualTo(StoreIdentification.PRINTED_NAME);

        var nothing =
                StoreIdentifier.identify(reading(null, null, null), header(), List::of, List.of(), StoreCatalog.NONE);
        assertThat(nothing.store().identifiedBy()).isNull();
        assertThat(ReceiptJson.of("r.jpg", nothing))
                .extracting("store")
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("identifiedBy", null);
    }

    @Test
    void aReceiptFromAStoreNotOnTheListGetsNoListedStore() {
        // the same first characters as a listed chain, read surely: another store, not a logo read in part
        var r = StoreIdentifier.identify(
                reading("さくら薬局", "04-2222-1111", null),
                header("さくら薬局", "中央店", "TEL 04-2222-1111"),
                () -> header("さくら薬局", "中央店"),
                List.of("さくらマート", "ドラッグひかり"),
                TENANT);

        assertThat(r.store().name()).isEqualTo("さくら薬局");
        assertThat(r.store().identifiedBy()).isEqualTo(StoreIdentification.PRINTED_NAME);
    }

    @Test
    void theJsonSaysHowTheStoreWasIdentified() {
        var r = StoreIdentifier.identify(
                reading("x", "06-3333-4444", null), header(), NO_SECOND_LOOK, List.of(), TENANT);
        assertThat(ReceiptJson.line("r.jpg", r)).contains("\"identifiedBy\":\"phone\"");
    }
}
