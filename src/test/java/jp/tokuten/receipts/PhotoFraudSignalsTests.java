package jp.tokuten.receipts;

import static jp.tokuten.campaigns.CampaignFixtures.aDraft;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.CampaignDraft;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.files.PhotoSignals;
import jp.tokuten.files.TaggedPhotos;
import jp.tokuten.identity.Entrants;
import jp.tokuten.jobs.JobQueueFixtures;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The photo checks of the reading job (decisions 090, 091) through to the judgement: real photos, the
 * real job and OCR. The job puts {@code photo: {perceptualHash, nearHashes, signals}} into the reading.
 */
@TokutenTest
class PhotoFraudSignalsTests {

    @Autowired
    CampaignEntries entries;

    @Autowired
    EntryJudgement judgement;

    @Autowired
    ReceiptSubmissions submissions;

    @Autowired
    Campaigns campaigns;

    @Autowired
    Entrants entrants;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    Clock clock;

    @Autowired
    ApplicationContext context;

    TenantView tenant;
    CampaignView campaign;

    @BeforeEach
    void anOpenCampaign() {
        tenant = TenantFixtures.aTenant(tenants, "photo-signals");
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Tokyo")));
        var d = aDraft(today);
        // the test receipts were printed in 2024 and 2025: every purchase since 2020 counts, so only the
        // photo checks can keep an entry from approval (a rejection would give its fingerprints back)
        var draft = new CampaignDraft(
                d.name(),
                new CampaignView.Period(LocalDate.of(2020, 1, 1), today),
                d.entryPeriod(),
                d.uploadGraceDays(),
                d.minimumTotal(),
                d.stores(),
                d.chains(),
                d.prefectures(),
                d.targetProducts(),
                d.perEntrantLimit(),
                d.receiptsPerEntry(),
                d.formFields(),
                d.landingText(),
                d.terms(),
                d.landingImage(),
                "review");
        campaign = as(() -> campaigns.open(campaigns.create(draft).id()));
    }

    <T> T as(Callable<T> work) {
        return binder.callAs(
                tenant.id(),
                () -> tx.execute(s -> {
                    try {
                        return work.call();
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
    }

    EntryView enter(String email, byte[] photo) {
        UUID entrant = as(() -> entrants.findOrCreateByEmail(email).id());
        var upload = new CampaignEntries.ReceiptUpload(
                List.of(new CampaignEntries.Upload(new ByteArrayResource(photo), photo.length, "receipt.jpg")));
        return as(() -> entries.submit(campaign.id(), entrant, List.of(upload), Map.of(), null));
    }

    EntryView judged(EntryView entry) {
        JobQueueFixtures.drain(context);
        return as(() -> entries.find(entry.id()).orElseThrow());
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> photoOf(EntryView entry) {
        var reading = as(() ->
                submissions.find(entry.submissions().getFirst()).orElseThrow().reading());
        assertThat(reading).isNotNull();
        return (Map<String, Object>) reading.get("photo");
    }

    @Test
    void theSamePhotoReEncodedAndScaledByAnotherEntrantIsADuplicateByItsHash() {
        BufferedImage receipt = TaggedPhotos.receipt("gen_002.jpg");
        var first = judged(enter("first@example.jp", TaggedPhotos.jpeg(receipt, 0.9f)));
        assertThat(first.status()).isIn("approved", "review");
        assertThat(first.reasons()).doesNotContain("duplicate_receipt", "suspected_edited_image");
        Map<String, Object> photo = photoOf(first);
        assertThat((String) photo.get("perceptualHash")).matches("[0-9a-f]{16}");
        assertThat(photo.get("signals")).isEqualTo(List.of());

        // the same photo, shrunk and saved again at a lower quality, sent by someone else
        byte[] copy = TaggedPhotos.jpeg(TaggedPhotos.scaled(receipt, 0.6), 0.6f);
        var second = judged(enter("second@example.jp", copy));
        assertThat(second.status()).isEqualTo("review");
        assertThat(second.reasons()).contains("duplicate_receipt").doesNotContain("suspected_edited_image");
        var duplicate = as(() -> judgement.preview(second.id())).stream()
                .filter(r -> r.rule().equals("duplicate"))
                .findFirst()
                .orElseThrow();
        assertThat(duplicate.outcome()).isEqualTo(EntryJudgement.Outcome.FAIL);
        assertThat(duplicate.value()).as("found by the photo's hash").contains("image");
    }

    @Test
    void aPhotoSavedByPhotoshopIsSuspectedEdited() {
        byte[] edited = TaggedPhotos.withExif(
                TaggedPhotos.jpeg(TaggedPhotos.receipt("gen_003.jpg"), 0.9f),
                Map.of(TaggedPhotos.SOFTWARE, "Adobe Photoshop 25.0 (Windows)"));
        var entry = judged(enter("editor@example.jp", edited));
        assertThat(entry.status()).isEqualTo("review");
        assertThat(entry.reasons()).contains("suspected_edited_image");
        assertThat(photoOf(entry).get("signals")).isEqualTo(List.of(PhotoSignals.EDITING_SOFTWARE));
    }
}
