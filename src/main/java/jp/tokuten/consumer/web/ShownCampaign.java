package jp.tokuten.consumer.web;

import java.util.Optional;
import java.util.UUID;
import jp.tokuten.campaigns.CampaignStatus;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import org.jspecify.annotations.Nullable;

/**
 * A campaign an entrant may see on the bound tenant's pages: an open or closed one, or a draft (or any
 * not archived) through its preview link, which the page marks as a preview.
 */
record ShownCampaign(CampaignView campaign, boolean preview) {

    static Optional<ShownCampaign> find(Campaigns campaigns, String id, @Nullable String previewToken) {
        UUID uuid = parse(id);
        if (uuid == null) {
            return Optional.empty();
        }
        if (previewToken != null && !previewToken.isBlank() && previewToken.length() <= 100) {
            var previewed = campaigns
                    .findByPreviewToken(previewToken)
                    .filter(c -> c.id().equals(uuid) && c.status() != CampaignStatus.ARCHIVED);
            if (previewed.isPresent()) {
                return previewed.map(c -> new ShownCampaign(c, true));
            }
        }
        return campaigns
                .find(uuid)
                .filter(c -> c.status() == CampaignStatus.OPEN || c.status() == CampaignStatus.CLOSED)
                .map(c -> new ShownCampaign(c, false));
    }

    static @Nullable UUID parse(String id) {
        if (id.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
