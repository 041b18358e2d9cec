package jp.tokuten.stores;

import java.util.List;
import jp.tokuten.identity.DemoTenantCreated;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The stores printed on the sample receipts (the generated set the reader is measured on), given to the
 * demo tenant so that its first run can be tried end to end with those receipts.
 */
@Component
public class DemoStores {

    /** Chain, branch, prefecture and registration number (null where the receipt prints none). */
    private record Sample(
            String chain,
            String branch,
            String prefecture,
            @Nullable String registrationNumber) {}

    private static final List<Sample> SAMPLES = List.of(
            new Sample("オーブンテラス", "万代店", "新潟県", null),
            new Sample("まちのベーカリー", "那覇久茂地店", "沖縄県", null),
            new Sample("ひだまりカフェ", "大井町店", "東京都", null),
            new Sample("カフェこもれび", "円山店", "北海道", "T9694194723890"),
            new Sample("つばさコンビニエンス", "泉崎店", "沖縄県", "T5222688006848"),
            new Sample("つばさコンビニエンス", "新潟中央店", "新潟県", "T8149939597756"),
            new Sample("まちかどミニマート", "浦和店", "埼玉県", "T7380714531435"),
            new Sample("すこやかドラッグ", "錦店", "愛知県", "T4795509975675"),
            new Sample("まごころドラッグ", "綱島店", "神奈川県", null),
            new Sample("みどりヘルスストア", "兵庫町店", "香川県", "T4450604086280"),
            new Sample("中央コインパーク", "丸の内第3精算機", "愛知県", null),
            new Sample("テーブルテラス", "荻窪店", "東京都", null),
            new Sample("季節食堂", "静岡葵店", "静岡県", null),
            new Sample("ホームサイドストア", "大井町駅前店", "東京都", "T2402437261808"),
            new Sample("駅ナカデイリー", "登戸駅前店", "千葉県", "T2389838753852"),
            new Sample("エキマエストア", "住吉駅前店", "福岡県", "T2702715301086"),
            new Sample("エキマエストア", "高砂駅前店", "埼玉県", null),
            new Sample("あおばフレッシュマート", "新市街店", "熊本県", "T5331742204153"),
            new Sample("あおばフレッシュマート", "天文館店", "鹿児島県", "T1768259481191"),
            new Sample("みなとフレッシュマーケット", "高円寺店", "東京都", null));

    private final Stores stores;

    DemoStores(Stores stores) {
        this.stores = stores;
    }

    /** The sample stores' names ("chain branch"), as the demo campaign lists them. */
    public static List<String> sampleStoreNames() {
        return SAMPLES.stream().map(s -> s.chain() + " " + s.branch()).toList();
    }

    /**
     * Gives the bound tenant every sample store it does not have yet (by name); may run any number of
     * times. Returns the sample stores' names.
     */
    @Transactional
    public List<String> ensureSampleStores() {
        for (var s : SAMPLES) {
            String name = s.chain() + " " + s.branch();
            if (stores.findByNames(List.of(name)).isEmpty()) {
                stores.create(
                        new StoreDraft(name, s.chain(), s.branch(), s.prefecture(), null, s.registrationNumber()));
            }
        }
        return sampleStoreNames();
    }

    /** On the first run the demo tenant is created and bound while this runs. */
    @EventListener
    void demoTenantCreated(DemoTenantCreated event) {
        ensureSampleStores();
    }
}
