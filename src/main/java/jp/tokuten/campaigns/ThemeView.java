package jp.tokuten.campaigns;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A theme: colours ({@code #rrggbb}, or null for tokuten's) and custom CSS, of the tenant ({@code campaign} null)
 * or of one campaign. {@code customCss} is what the admin wrote; what is served is its sanitised form.
 */
public record ThemeView(
        @Nullable UUID campaign,
        @Nullable String primaryColor,
        @Nullable String accentColor,
        String customCss,
        String sanitisedCss,
        @Nullable Instant updatedAt) {

    static ThemeView none(@Nullable UUID campaign) {
        return new ThemeView(campaign, null, null, "", "", null);
    }
}
