package jp.tokuten.campaigns;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a tenant user (or the API) sets on a campaign when creating or changing it; {@link Campaigns}
 * checks it and answers 422 {@code invalid_campaign} with the offending {@code field}.
 */
public record CampaignDraft(
        String name,
        CampaignView.Period purchasePeriod,
        CampaignView.Period entryPeriod,
        int uploadGraceDays,
        @Nullable Long minimumTotal,
        List<String> stores,
        List<String> chains,
        List<String> prefectures,
        List<CampaignView.TargetProduct> targetProducts,
        CampaignView.EntrantLimit perEntrantLimit,
        int receiptsPerEntry,
        List<FormField> formFields,
        String landingText,
        String terms,
        @Nullable UUID landingImage,
        String fraudAction) {

    public CampaignDraft {
        stores = List.copyOf(stores);
        chains = List.copyOf(chains);
        prefectures = List.copyOf(prefectures);
        targetProducts = List.copyOf(targetProducts);
        formFields = List.copyOf(formFields);
    }

    /** The draft that would reproduce a campaign as it is, for forms that edit it. */
    public static CampaignDraft of(CampaignView c) {
        return new CampaignDraft(
                c.name(),
                c.purchasePeriod(),
                c.entryPeriod(),
                c.uploadGraceDays(),
                c.minimumTotal(),
                c.stores(),
                c.chains(),
                c.prefectures(),
                c.targetProducts(),
                c.perEntrantLimit(),
                c.receiptsPerEntry(),
                c.formFields(),
                c.landingText(),
                c.terms(),
                c.landingImage(),
                c.fraudAction());
    }
}
