package jp.tokuten.receipts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.files.PhotoIntake;
import jp.tokuten.files.StoredFiles;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** A campaign with entries in review whose receipt is a real stored photo (test resource gen_001.jpg). */
public final class ReviewFixtures {

    private ReviewFixtures() {}

    /** The campaign and its entries in review, oldest first. */
    public record InReview(UUID campaign, List<UUID> entries) {}

    public static InReview entriesInReview(
            TenantBinder binder,
            TransactionTemplate tx,
            JdbcTemplate jdbc,
            Campaigns campaigns,
            StoredFiles files,
            TenantView tenant,
            LocalDate today,
            int count) {
        byte[] jpeg;
        try (InputStream in = ReviewFixtures.class.getResourceAsStream("/receipts/gen_001.jpg")) {
            jpeg = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var photo = PhotoIntake.withDefaults().check(jpeg);
        String reading =
                EntryRows.reading("コーヒーの森", "2025-01-25T20:25:05", 1628, "からあげ弁当", 1, 498, "ヨーグルト プレーン", 4, 632);
        return binder.callAs(
                tenant.id(),
                () -> tx.execute(s -> {
                    UUID campaign =
                            campaigns.create(CampaignFixtures.aDraft(today)).id();
                    var rows = new EntryRows(jdbc);
                    UUID entrant = rows.entrant("review-" + System.nanoTime() + "@example.jp");
                    var entries = new java.util.ArrayList<UUID>();
                    for (int i = 0; i < count; i++) {
                        UUID stored = files.storeReceiptPhoto(photo).id().value();
                        entries.add(rows.entry(
                                campaign,
                                entrant,
                                null,
                                "review",
                                List.of("low_confidence"),
                                Instant.now().minus(Duration.ofHours(count - i)),
                                List.of(reading),
                                List.of(stored)));
                    }
                    return new InReview(campaign, List.copyOf(entries));
                }));
    }
}
