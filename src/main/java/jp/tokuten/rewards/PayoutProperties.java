package jp.tokuten.rewards;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The payout provider tokuten talks to ({@code TOKUTEN_PAYOUT_URL}, {@code TOKUTEN_PAYOUT_KEY_ID},
 * {@code TOKUTEN_PAYOUT_SECRET}; docs/operations.md). Without a URL, payout prizes stay pending.
 */
@ConfigurationProperties("tokuten.payout")
record PayoutProperties(
        @Nullable String url,
        @Nullable String keyId,
        @Nullable String secret) {

    boolean configured() {
        return url != null
                && !url.isBlank()
                && keyId != null
                && !keyId.isBlank()
                && secret != null
                && secret.length() >= 32;
    }

    @Override
    public String toString() {
        return "PayoutProperties[" + url + ", " + keyId + "]";
    }
}
