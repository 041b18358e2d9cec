package jp.tokuten.campaigns;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import jp.tokuten.identity.DemoTenantCreated;
import jp.tokuten.tenancy.TenantBinder;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The demo tenant's sample campaign (decision 069): a bakery campaign whose stores and target products are
 * those printed on the sample bakery receipts (jomb v0.2.0: オーブンテラス 万代店 and まちのベーカリー 那覇久茂地店,
 * 2026-06-11), open, so that the first run can be tried end to end with those photos. Acts on the bound
 * tenant; calling it again changes nothing.
 */
@Service
public class DemoCampaign {

    /** The demo campaign's name, by which {@link #ensure()} finds it again. */
    public static final String NAME = "焼きたてパン レシートキャンペーン";

    /** The first day of the purchase period: before the sample receipts' date. */
    static final LocalDate PURCHASE_FROM = LocalDate.of(2026, 6, 1);

    private final Campaigns campaigns;
    private final Clock clock;

    DemoCampaign(Campaigns campaigns, Clock clock) {
        this.campaigns = campaigns;
        this.clock = clock;
    }

    /** The demo campaign of the bound tenant, created and opened when it is not there yet. */
    @Transactional
    public CampaignView ensure() {
        TenantBinder.required();
        var existing =
                campaigns.list(null).stream().filter(c -> c.name().equals(NAME)).findFirst();
        if (existing.isPresent()) {
            return existing.get();
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Tokyo")));
        LocalDate from = today.isBefore(PURCHASE_FROM) ? today : PURCHASE_FROM;
        LocalDate until = today.plusDays(90);
        var draft = new CampaignDraft(
                NAME,
                new CampaignView.Period(from, until),
                new CampaignView.Period(from, until),
                7,
                500L,
                List.of("オーブンテラス", "まちのベーカリー"),
                List.of(),
                List.of(),
                List.of(
                        new CampaignView.TargetProduct("塩バターパン", List.of("ｼｵﾊﾞﾀｰﾊﾟﾝ", "塩バター"), List.of(), 1, null),
                        new CampaignView.TargetProduct("クロワッサン", List.of("ｸﾛﾜｯｻﾝ"), List.of(), 1, null),
                        new CampaignView.TargetProduct("メロンパン", List.of("ﾒﾛﾝﾊﾟﾝ"), List.of(), 1, null)),
                new CampaignView.EntrantLimit(3, 10),
                2,
                List.of(
                        new FormField("name", "", true, FormField.CharType.TEXT, 50, List.of()),
                        new FormField("kana", "", true, FormField.CharType.KATAKANA, 50, List.of()),
                        new FormField("postalCode", "", false, FormField.CharType.POSTAL_CODE, 8, List.of())),
                """
                対象のパン(塩バターパン・クロワッサン・メロンパン)を含む、税込500円以上のお買い上げレシートで応募できます。
                オーブンテラス、まちのベーカリーの各店舗でのお買い上げが対象です。レシートは2枚まで合算できます。""",
                """
                ・これはデモ用のキャンペーンです。賞品の発送はありません。
                ・応募は1日3回、期間中10回までです。
                ・同じレシートでの応募は1回限りです。""",
                null,
                "review");
        var created = campaigns.create(draft);
        return campaigns.open(created.id());
    }

    /** On the first run the demo tenant is created and bound while this runs. */
    @EventListener
    void demoTenantCreated(DemoTenantCreated event) {
        ensure();
    }
}
