package jp.tokuten.rewards;

import java.util.Locale;
import java.util.Optional;

/**
 * How a campaign's approved receipts earn points (ポイント付与ルール), kept in {@code rewards.campaign_settings}:
 * none; {@code per_yen}: {@code pointsPer} points for every full {@code yenUnit} yen of the entry's receipt totals
 * (1 point per ¥100: pointsPer 1, yenUnit 100); {@code per_product}: {@code pointsPer} per target product item
 * bought; {@code per_receipt}: {@code pointsPer} per receipt.
 */
public record PointsRule(Kind kind, int pointsPer, int yenUnit) {

    public enum Kind {
        NONE,
        PER_YEN,
        PER_PRODUCT,
        PER_RECEIPT;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Kind> of(String code) {
            for (Kind k : values()) {
                if (k.code().equals(code)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    public static final PointsRule NONE = new PointsRule(Kind.NONE, 1, 100);

    /** The points an approved entry earns under this rule. */
    public long pointsFor(int receipts, long totalYen, int targetItems) {
        return switch (kind) {
            case NONE -> 0;
            case PER_YEN -> Math.max(0, totalYen) / yenUnit * pointsPer;
            case PER_PRODUCT -> (long) Math.max(0, targetItems) * pointsPer;
            case PER_RECEIPT -> (long) Math.max(0, receipts) * pointsPer;
        };
    }
}
