package jp.tokuten.campaigns;

import java.util.Locale;

/** Where a campaign is in its life: draft → open → closed → archived (closed may be opened again). */
public enum CampaignStatus {
    DRAFT,
    OPEN,
    CLOSED,
    ARCHIVED;

    /** The lower-case word used in JSON and in the database. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static CampaignStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
