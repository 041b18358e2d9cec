package jp.tokuten.stores;

import static jp.tokuten.stores.StoreFixtures.aStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@TokutenTest
class StoresTests {

    @Autowired
    Stores stores;

    @Autowired
    DemoStores demoStores;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    DataSource dataSource;

    @Autowired
    TransactionTemplate tx;

    TenantView tenant;

    @BeforeEach
    void tenant() {
        tenant = TenantFixtures.aTenant(tenants, "stores");
    }

    static Consumer<Throwable> problem(int status, String code, String field) {
        return t -> {
            assertThat(t).isInstanceOf(ProblemException.class);
            var p = (ProblemException) t;
            assertThat(p.status()).isEqualTo(status);
            assertThat(p.code()).isEqualTo(code);
            if (field != null) {
                assertThat(p.properties()).containsEntry("field", field);
            }
        };
    }

    @Test
    void createsChangesFindsAndDeletesAStore() {
        binder.runAs(tenant.id(), () -> {
            var created =
                    stores.create(new StoreDraft(null, " トクテンマート ", "渋谷店", "tokyo", "０３－１２３４－５６７８", "t 1234567890123"));
            assertThat(created.name()).isEqualTo("トクテンマート 渋谷店");
            assertThat(created.chain()).isEqualTo("トクテンマート");
            assertThat(created.prefecture()).isEqualTo("東京都");
            assertThat(created.phone()).isEqualTo("03-1234-5678");
            assertThat(created.registrationNumber()).isEqualTo("T1234567890123");
            assertThat(stores.find(created.id())).contains(created);

            var changed =
                    stores.update(created.id(), new StoreDraft("トクテンマート渋谷駅前店", "トクテンマート", "渋谷駅前店", "大阪", null, null));
            assertThat(changed.name()).isEqualTo("トクテンマート渋谷駅前店");
            assertThat(changed.prefecture()).isEqualTo("大阪府");
            assertThat(changed.phone()).isNull();
            assertThat(stores.list("渋谷駅前", 0, 10).items())
                    .extracting(StoreView::id)
                    .containsExactly(created.id());
            assertThat(stores.list("ｼﾌﾞﾔ", 0, 10).items()).isEmpty();
            assertThat(stores.list("とくてん", 0, 10).total()).isEqualTo(1);
            assertThat(stores.list("大阪府", 0, 10).total()).isEqualTo(1);

            stores.delete(created.id());
            assertThat(stores.find(created.id())).isEmpty();
            assertThatThrownBy(() -> stores.delete(created.id())).satisfies(problem(404, "not_found", null));
            assertThatThrownBy(() -> stores.update(created.id(), aStore("A", "B")))
                    .satisfies(problem(404, "not_found", null));
        });
    }

    @Test
    void refusesBadFieldsNamingTheField() {
        binder.runAs(tenant.id(), () -> {
            assertThatThrownBy(() -> stores.create(new StoreDraft(" ", null, null, null, null, null)))
                    .satisfies(problem(422, "invalid_store", "name"));
            assertThatThrownBy(() -> stores.create(new StoreDraft("店", null, null, "東京県", null, null)))
                    .satisfies(problem(422, "invalid_store", "prefecture"));
            assertThatThrownBy(() -> stores.create(new StoreDraft("店", null, null, null, "12-3456", null)))
                    .satisfies(problem(422, "invalid_store", "phone"));
            assertThatThrownBy(() -> stores.create(new StoreDraft("店", null, null, null, "03-1234-abcd", null)))
                    .satisfies(problem(422, "invalid_store", "phone"));
            assertThatThrownBy(() -> stores.create(new StoreDraft("店", null, null, null, null, "T123")))
                    .satisfies(problem(422, "invalid_store", "registrationNumber"));
            assertThatThrownBy(() -> stores.create(new StoreDraft("店", null, null, null, null, "X1234567890123")))
                    .satisfies(problem(422, "invalid_store", "registrationNumber"));
            assertThatThrownBy(() -> stores.create(new StoreDraft("x".repeat(201), null, null, null, null, null)))
                    .satisfies(problem(422, "invalid_store", "name"));
            assertThatThrownBy(() -> stores.create(new StoreDraft("店\u0000", null, null, null, null, null)))
                    .satisfies(problem(422, "invalid_store", "name"));
            assertThat(stores.list(null, 0, 10).total()).isZero();
        });
    }

    @Test
    void refusesASecondStoreOfTheSameNameOrBranch() {
        binder.runAs(tenant.id(), () -> {
            var first = stores.create(aStore("トクテンマート", "渋谷店"));
            assertThatThrownBy(() -> stores.create(new StoreDraft("ﾄｸﾃﾝﾏｰﾄ  渋谷店", null, null, null, null, null)))
                    .satisfies(problem(409, "duplicate_store", "name"));
            assertThatThrownBy(() -> stores.create(new StoreDraft("渋谷のお店", "トクテンマート", "渋谷店", null, null, null)))
                    .satisfies(problem(409, "duplicate_store", "branch"));
            var second = stores.create(aStore("トクテンマート", "新宿店"));
            assertThatThrownBy(() -> stores.update(second.id(), aStore("トクテンマート", "渋谷店")))
                    .satisfies(problem(409, "duplicate_store", null));
            assertThat(stores.update(first.id(), aStore("トクテンマート", "渋谷店")).id()).isEqualTo(first.id());
            assertThat(stores.names()).containsExactly("トクテンマート 新宿店", "トクテンマート 渋谷店");
            assertThat(stores.chainNames()).containsExactly("トクテンマート");
        });
    }

    @Test
    void concurrentCreatesOfOneStoreLeaveOneAndRefuseTheRest() throws Exception {
        int callers = 12;
        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
        try {
            var outcomes = new java.util.ArrayList<java.util.concurrent.Future<String>>();
            for (int i = 0; i < callers; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        binder.callAs(tenant.id(), () -> stores.create(aStore("同時マート", "本店")));
                        return "created";
                    } catch (ProblemException e) {
                        return e.status() + " " + e.code();
                    }
                }));
            }
            start.countDown();
            var results = new java.util.ArrayList<String>();
            for (var f : outcomes) {
                results.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(results).containsOnlyOnce("created");
            assertThat(results).filteredOn(r -> !r.equals("created")).containsOnly("409 duplicate_store");
        } finally {
            pool.shutdownNow();
        }
        assertThat(binder.callAs(tenant.id(), () -> stores.names())).containsExactly("同時マート 本店");
    }

    @Test
    void anotherTenantsStoresAreNotThere() {
        var mine = binder.callAs(tenant.id(), () -> stores.create(aStore("わたしの店", "本店", "03-1111-2222", null)));
        var other = TenantFixtures.aTenant(tenants, "stores-other");
        binder.runAs(other.id(), () -> {
            assertThat(stores.find(mine.id())).isEmpty();
            assertThat(stores.list(null, 0, 10).total()).isZero();
            assertThat(stores.findByPhone("03-1111-2222")).isEmpty();
            assertThat(stores.match("わたしの店 本店", "03-1111-2222", null)).isEmpty();
            assertThatThrownBy(() -> stores.update(mine.id(), aStore("x", "y")))
                    .satisfies(problem(404, "not_found", null));
            assertThatThrownBy(() -> stores.delete(mine.id())).satisfies(problem(404, "not_found", null));
            // the same name is free in another tenant
            assertThat(stores.create(aStore("わたしの店", "本店")).id()).isNotEqualTo(mine.id());
        });
        assertThat(binder.callAs(tenant.id(), () -> stores.require(mine.id()).name()))
                .isEqualTo("わたしの店 本店");
    }

    @Test
    void matchesAReadReceiptByRegistrationNumberPhoneOrName() {
        binder.runAs(tenant.id(), () -> {
            var izumizaki = stores.create(aStore("つばさコンビニエンス", "泉崎店", "098-123-4567", "T5222688006848"));
            var shibuya = stores.create(aStore("トクテンマート", "渋谷店", "03-1234-5678", "T1111111111111"));
            var shinjuku = stores.create(aStore("トクテンマート", "新宿店", "03-9999-0000", "T1111111111111"));
            var bakery = stores.create(new StoreDraft("まちのベーカリー 那覇久茂地店", null, null, "沖縄県", null, null));

            // one store has this number: the number alone decides, whatever the name was read as
            assertThat(stores.match("?????", null, "T5222688006848")).contains(izumizaki);
            assertThat(stores.match(null, null, "Ｔ５２２２６８８００６８４８")).contains(izumizaki);
            assertThat(stores.match(null, null, "15222688006848"))
                    .as("T read as 1")
                    .contains(izumizaki);
            // one company, two stores: the name chooses, even in half-width kana
            assertThat(stores.match("ﾄｸﾃﾝﾏｰﾄ 新宿店", null, "T1111111111111")).contains(shinjuku);
            assertThat(stores.match("トクテンマート", null, "T1111111111111"))
                    .as("which branch is not clear")
                    .isEmpty();
            // the phone number, however it is written
            assertThat(stores.match(null, "(03)1234-5678", null)).contains(shibuya);
            assertThat(stores.match("読めない", "０３ー１２３４ー５６７８", "T9999999999999")).contains(shibuya);
            // the name: half-width kana, hiragana, a misread character
            assertThat(stores.match("ﾂﾊﾞｻｺﾝﾋﾞﾆｴﾝｽ 泉崎店", null, null)).contains(izumizaki);
            assertThat(stores.match("つばさこんびにえんす泉崎店", null, null)).contains(izumizaki);
            assertThat(stores.match("つばさコンビニエソス 泉崎店", null, null)).contains(izumizaki);
            assertThat(stores.match("まちのべーかりー那覇久茂地店", "", "")).contains(bakery);
            assertThat(stores.match("まちのパン屋 那覇店", null, null)).isEmpty();
            assertThat(stores.match("", "", "")).isEmpty();
            assertThat(stores.match(null, null, null)).isEmpty();

            assertThat(stores.findByRegistrationNumber("T1111111111111")).containsExactlyInAnyOrder(shibuya, shinjuku);
            assertThat(stores.findByPhone("0312345678")).containsExactly(shibuya);
            assertThat(stores.findByNames(List.of("ﾄｸﾃﾝﾏｰﾄ 渋谷店", "つばさコンビニエンス泉崎店", "ない店")))
                    .containsExactlyInAnyOrder(shibuya, izumizaki);
        });
    }

    @Test
    void exportsCsvThatImportsAgainUnchanged() {
        binder.runAs(tenant.id(), () -> {
            stores.create(new StoreDraft("=HYPERLINK(\"http://x\")", null, null, null, null, null));
            stores.create(new StoreDraft("@店", "-チェーン", "+支店", "福岡県", "092-000-1111", "T2702715301086"));
            stores.create(new StoreDraft("普通の店, \"引用\"", null, null, null, null, null));
            var before = stores.list(null, 0, 10).items();

            var out = new StringWriter();
            stores.exportCsv(out, Locale.JAPANESE);
            String csv = out.toString();
            assertThat(csv).startsWith("\uFEFF店舗名,チェーン名,支店名,都道府県,電話番号,登録番号\r\n");
            assertThat(csv)
                    .contains("\"'=HYPERLINK(\"\"http://x\"\")\"")
                    .contains("'@店,'-チェーン,'+支店,福岡県,092-000-1111,T2702715301086")
                    .contains("\"普通の店, \"\"引用\"\"\"");

            var result = stores.importCsv(csv.getBytes(StandardCharsets.UTF_8));
            assertThat(result).isEqualTo(new CsvImport(0, 3, 3));
            var after = stores.list(null, 0, 10).items();
            assertThat(after)
                    .extracting(StoreView::name)
                    .isEqualTo(before.stream().map(StoreView::name).toList());
            assertThat(after).extracting(StoreView::chain).containsExactlyInAnyOrder("", "-チェーン", "");

            var english = new StringWriter();
            stores.exportCsv(english, Locale.ENGLISH);
            assertThat(english.toString())
                    .startsWith("\uFEFFname,chain,branch,prefecture,phone,registration_number\r\n");
        });
    }

    @Test
    void importsShiftJisAndUtf8WithBomAndUpdatesByChainAndBranch() {
        binder.runAs(tenant.id(), () -> {
            var existing = stores.create(aStore("エキマエストア", "住吉駅前店", "092-111-2222", null));
            String sjis = """
                    チェーン名,支店名,都道府県,電話番号,登録番号
                    エキマエストア,住吉駅前店,福岡,092-111-3333,T2702715301086
                    エキマエストア,高砂駅前店,埼玉県,-,
                    ﾎｰﾑｻｲﾄﾞｽﾄｱ,大井町駅前店,東京都,03-1234-0000,t2402437261808
                    """;
            var result = stores.importCsv(sjis.getBytes(StoreFixtures.CP932));
            assertThat(result).isEqualTo(new CsvImport(2, 1, 3));
            var updated = stores.require(existing.id());
            assertThat(updated.phone()).isEqualTo("092-111-3333");
            assertThat(updated.registrationNumber()).isEqualTo("T2702715301086");
            assertThat(updated.prefecture()).isEqualTo("福岡県");
            assertThat(stores.findByNames(List.of("ﾎｰﾑｻｲﾄﾞｽﾄｱ 大井町駅前店")))
                    .singleElement()
                    .satisfies(s -> assertThat(s.registrationNumber()).isEqualTo("T2402437261808"));

            String english = "Name,Prefecture,Phone\r\nカフェこもれび 円山店,Hokkaido,011-000-0000\r\n";
            assertThat(stores.importCsv(StoreFixtures.utf8WithBom(english))).isEqualTo(new CsvImport(1, 0, 1));
            assertThat(stores.match("カフェこもれび円山店", null, null))
                    .get()
                    .extracting(StoreView::prefecture)
                    .isEqualTo("北海道");
            assertThat(stores.list(null, 0, 10).total()).isEqualTo(4);
        });
    }

    @Test
    void refusesABadFileWholeSayingWhereAndStoresNothing() {
        binder.runAs(tenant.id(), () -> {
            stores.create(aStore("既存", "本店"));
            refused("店名,色\nA店,赤\n", Map.of("line", 1L, "column", "色", "code", "unknown_column"));
            refused("", Map.of("line", 1L, "code", "missing_header"));
            refused("都道府県\n東京都\n", Map.of("line", 1L, "code", "missing_column"));
            refused(
                    "店舗名,登録番号,都道府県\nよい店,T1234567890123,東京都\nわるい店,T12345,東京都\nひどい店,,東京県\n",
                    Map.of("line", 3L, "column", "登録番号", "code", "invalid_registration_number"),
                    Map.of("line", 4L, "column", "都道府県", "code", "invalid_prefecture"));
            refused(
                    "name,phone\nよい店,03-0000-0000\n=cmd|' /C calc'!A0,\n",
                    Map.of("line", 3L, "column", "name", "code", "formula"));
            refused("name\nA店\nＡ店\n", Map.of("line", 3L, "code", "duplicate_row"));
            stores.create(new StoreDraft("別の店", null, null, null, null, null));
            refused("name,chain,branch\n別の店,既存,本店\n", Map.of("line", 2L, "column", "name", "code", "duplicate_store"));
            refused("name\n\"閉じない引用\n", Map.of("code", "malformed"));
            refused("name,phone\nA店\n", Map.of("line", 2L, "code", "column_count"));
            assertThat(stores.names()).containsExactlyInAnyOrder("既存 本店", "別の店");
        });
    }

    @Test
    void refusesBinaryAndOversizeFiles() {
        binder.runAs(tenant.id(), () -> {
            byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
            assertThatThrownBy(() -> stores.importCsv(png))
                    .satisfies(problem(422, "invalid_csv", null))
                    .satisfies(
                            t -> assertThat(((ProblemException) t).properties().get("errors"))
                                    .asString()
                                    .contains("not_text"));
            byte[] large = ("name\n" + "店,\n".repeat(2_000_000)).getBytes(StandardCharsets.UTF_8);
            assertThat(large.length).isGreaterThan(Stores.MAX_CSV_BYTES);
            assertThatThrownBy(() -> stores.importCsv(large)).satisfies(problem(413, "too_large", null));
            assertThat(stores.list(null, 0, 10).total()).isZero();
        });
    }

    @SafeVarargs
    final void refused(String csv, Map<String, Object>... expected) {
        assertThatThrownBy(() -> stores.importCsv(csv.getBytes(StandardCharsets.UTF_8)))
                .satisfies(problem(422, "invalid_csv", null))
                .satisfies(t -> {
                    @SuppressWarnings("unchecked")
                    var errors = (List<Map<String, Object>>)
                            ((ProblemException) t).properties().get("errors");
                    assertThat(errors).as(csv).hasSize(expected.length);
                    for (int i = 0; i < expected.length; i++) {
                        assertThat(errors.get(i)).as(csv).containsAllEntriesOf(expected[i]);
                    }
                });
    }

    @Test
    void theDemoTenantGetsTheSampleReceiptsStoresOnce() {
        binder.runAs(tenant.id(), () -> {
            var names = demoStores.ensureSampleStores();
            assertThat(names).hasSize(20).contains("つばさコンビニエンス 泉崎店", "あおばフレッシュマート 天文館店");
            demoStores.ensureSampleStores();
            assertThat(stores.names()).hasSize(20).containsExactlyInAnyOrderElementsOf(names);
            assertThat(stores.match("あおばフレッシュマート", null, "T1768259481191"))
                    .get()
                    .extracting(StoreView::branch)
                    .isEqualTo("天文館店");
            assertThat(stores.chainNames()).contains("エキマエストア").hasSize(17);
        });
    }

    @Test
    void everyStoreHasItsOwnRandomPinAndQrToken() {
        binder.runAs(tenant.id(), () -> {
            var a = stores.secrets(stores.create(aStore("トクテンマート", "渋谷店")).id());
            var b = stores.secrets(stores.create(aStore("トクテンマート", "新宿店")).id());
            assertThat(a.pin()).matches("[0-9]{4}");
            assertThat(a.qrToken()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(b.qrToken());
            assertThat(a.qrPath()).isEqualTo("/c/" + tenant.slug() + "/s/" + a.qrToken());
            assertThat(a.toString()).doesNotContain(a.pin()).doesNotContain(a.qrToken());
            assertThat(stores.findByQrToken(b.qrToken()))
                    .get()
                    .extracting(StoreView::branch)
                    .isEqualTo("新宿店");
        });
    }

    @Test
    void aPinMatchesAsAHolderTypesIt() {
        binder.runAs(tenant.id(), () -> {
            var store = stores.create(aStore("トクテンマート", "渋谷店"));
            assertThat(stores.changePin(store.id(), "0472")).isEqualTo("0472");
            assertThat(stores.pinMatches(store.id(), "0472")).isTrue();
            assertThat(stores.pinMatches(store.id(), "０４７２")).isTrue();
            assertThat(stores.pinMatches(store.id(), " 04 72 ")).isTrue();
            assertThat(stores.pinMatches(store.id(), "０４\u3000７２")).isTrue();
            assertThat(stores.pinMatches(store.id(), "0473")).isFalse();
            assertThat(stores.pinMatches(store.id(), "047")).isFalse();
            assertThat(stores.pinMatches(store.id(), "04720")).isFalse();
            assertThat(stores.pinMatches(store.id(), "O472")).isFalse();
            assertThat(stores.pinMatches(store.id(), "")).isFalse();
            assertThat(stores.pinMatches(store.id(), null)).isFalse();
            assertThat(stores.pinMatches(UUID.randomUUID(), "0472")).isFalse();
        });
        var other = TenantFixtures.aTenant(tenants, "stores-other");
        var theirs = binder.callAs(other.id(), () -> stores.create(aStore("よその店", "本店")));
        String theirPin =
                binder.callAs(other.id(), () -> stores.secrets(theirs.id()).pin());
        binder.runAs(tenant.id(), () -> {
            assertThat(stores.pinMatches(theirs.id(), theirPin)).isFalse();
            assertThatThrownBy(() -> stores.secrets(theirs.id())).satisfies(problem(404, "not_found", null));
            assertThatThrownBy(() -> stores.changePin(theirs.id(), "1111")).satisfies(problem(404, "not_found", null));
            assertThatThrownBy(() -> stores.rotateQrToken(theirs.id())).satisfies(problem(404, "not_found", null));
        });
        assertThat(binder.callAs(other.id(), () -> stores.pinMatches(theirs.id(), theirPin)))
                .isTrue();
    }

    @Test
    void changesThePinToOneGivenOrARandomOneAndRefusesAnythingButFourDigits() {
        binder.runAs(tenant.id(), () -> {
            var store = stores.create(aStore("トクテンマート", "渋谷店"));
            assertThat(stores.changePin(store.id(), "１２３４")).isEqualTo("1234");
            for (String bad : List.of("12a4", "12345", "123", "", "  ", "١٢٣٤")) {
                assertThatThrownBy(() -> stores.changePin(store.id(), bad))
                        .as(bad)
                        .satisfies(problem(422, "invalid_store", "pin"));
            }
            assertThat(stores.secrets(store.id()).pin()).isEqualTo("1234");
            String random = stores.changePin(store.id(), null);
            assertThat(random).matches("[0-9]{4}");
            assertThat(stores.secrets(store.id()).pin()).isEqualTo(random);
            assertThat(stores.pinMatches(store.id(), random)).isTrue();
            assertThatThrownBy(() -> stores.changePin(UUID.randomUUID(), null))
                    .satisfies(problem(404, "not_found", null));
        });
    }

    @Test
    void aNewQrTokenReplacesTheOld() {
        binder.runAs(tenant.id(), () -> {
            var store = stores.create(aStore("トクテンマート", "渋谷店"));
            String old = stores.secrets(store.id()).qrToken();
            String fresh = stores.rotateQrToken(store.id());
            assertThat(fresh).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(old);
            assertThat(stores.secrets(store.id()).qrToken()).isEqualTo(fresh);
            assertThat(stores.findByQrToken(old)).isEmpty();
            assertThat(stores.findByQrToken(fresh))
                    .get()
                    .extracting(StoreView::id)
                    .isEqualTo(store.id());
            assertThat(stores.findByQrToken("")).isEmpty();
            assertThat(stores.findByQrToken(null)).isEmpty();
            assertThat(stores.findByQrToken("' or 1=1 --")).isEmpty();
            assertThat(stores.findByQrToken("a".repeat(5000))).isEmpty();
        });
        var other = TenantFixtures.aTenant(tenants, "stores-qr-other");
        String mine = binder.callAs(
                tenant.id(),
                () -> stores.secrets(stores.list(null, 0, 1).items().getFirst().id())
                        .qrToken());
        assertThat(binder.callAs(other.id(), () -> stores.findByQrToken(mine))).isEmpty();
    }

    @Test
    void theAuditLogSaysWhatChangedButNeverThePinOrToken() {
        var store = binder.callAs(tenant.id(), () -> stores.create(aStore("トクテンマート", "渋谷店")));
        var first = binder.callAs(tenant.id(), () -> stores.secrets(store.id()));
        binder.runAs(tenant.id(), () -> {
            stores.changePin(store.id(), "5831");
            stores.changePin(store.id(), null);
            stores.rotateQrToken(store.id());
        });
        var last = binder.callAs(tenant.id(), () -> stores.secrets(store.id()));
        binder.runAs(tenant.id(), () -> stores.delete(store.id()));

        assertThat(auditCount(
                        "select count(*) from audit.entries where kind = 'meaning' and action = ?",
                        "store.pin_changed"))
                .isEqualTo(2);
        assertThat(auditCount(
                        "select count(*) from audit.entries where kind = 'meaning' and action = ?", "store.qr_rotated"))
                .isEqualTo(1);
        assertThat(auditCount("select count(*) from audit.entries where table_name = 'stores.stores'", null))
                .as("the insert and the delete are captured, the PIN and token changes only as meaning")
                .isEqualTo(2);
        for (String secret : List.of(first.pin(), "5831", last.pin(), first.qrToken(), last.qrToken())) {
            assertThat(auditCount("""
                            select count(*) from audit.entries
                             where position(? in concat(old_values::text, new_values::text, details::text,
                                   row_key::text, reason)) > 0""", "\"" + secret + "\"")).as(secret).isZero();
        }
    }

    private long auditCount(String sql, String argument) {
        return binder.callAs(
                tenant.id(),
                () -> tx.execute(s -> argument == null
                        ? new JdbcTemplate(dataSource).queryForObject(sql, Long.class)
                        : new JdbcTemplate(dataSource).queryForObject(sql, Long.class, argument)));
    }
}
