package jp.tokuten.campaigns;

import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Small factories for campaign drafts; tests change what they are about with the record's withers below. */
public final class CampaignFixtures {

    private CampaignFixtures() {}

    /** A draft whose purchase and entry periods run from 30 days before {@code today} to 30 days after. */
    public static CampaignDraft aDraft(LocalDate today) {
        var period = new CampaignView.Period(today.minusDays(30), today.plusDays(30));
        return new CampaignDraft(
                "春のレシートキャンペーン",
                period,
                period,
                7,
                null,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                new CampaignView.EntrantLimit(null, null),
                3,
                List.of(),
                "対象商品を買ってレシートで応募",
                "応募規約",
                null,
                "review");
    }

    public static CampaignDraft withForm(CampaignDraft d, List<FormField> fields) {
        return new CampaignDraft(
                d.name(),
                d.purchasePeriod(),
                d.entryPeriod(),
                d.uploadGraceDays(),
                d.minimumTotal(),
                d.stores(),
                d.chains(),
                d.prefectures(),
                d.targetProducts(),
                d.perEntrantLimit(),
                d.receiptsPerEntry(),
                fields,
                d.landingText(),
                d.terms(),
                d.landingImage(),
                d.fraudAction());
    }

    public static CampaignDraft withLimit(CampaignDraft d, @Nullable Integer perDay, @Nullable Integer total) {
        return new CampaignDraft(
                d.name(),
                d.purchasePeriod(),
                d.entryPeriod(),
                d.uploadGraceDays(),
                d.minimumTotal(),
                d.stores(),
                d.chains(),
                d.prefectures(),
                d.targetProducts(),
                new CampaignView.EntrantLimit(perDay, total),
                d.receiptsPerEntry(),
                d.formFields(),
                d.landingText(),
                d.terms(),
                d.landingImage(),
                d.fraudAction());
    }

    public static CampaignDraft withRules(
            CampaignDraft d,
            CampaignView.Period purchase,
            @Nullable Long minimumTotal,
            List<String> stores,
            List<CampaignView.TargetProduct> products) {
        return new CampaignDraft(
                d.name(),
                purchase,
                d.entryPeriod(),
                d.uploadGraceDays(),
                minimumTotal,
                stores,
                d.chains(),
                d.prefectures(),
                products,
                d.perEntrantLimit(),
                d.receiptsPerEntry(),
                d.formFields(),
                d.landingText(),
                d.terms(),
                d.landingImage(),
                d.fraudAction());
    }

    public static FormField field(String key, FormField.CharType type, int maxLength, boolean required) {
        return new FormField(key, "", required, type, maxLength, List.of());
    }
}
