package jp.tokuten.campaigns;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
import jp.tokuten.files.PhotoIntake;
import jp.tokuten.files.StoredFileId;
import jp.tokuten.files.StoredFiles;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import org.springframework.core.io.InputStreamSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The landing page image of the bound tenant's campaigns (decision 067): a JPEG or PNG of at most
 * {@link #MAX_BYTES}, at least {@link #MIN_WIDTH}×{@link #MIN_HEIGHT} and at most {@link #MAX_SIDE} pixels a
 * side, checked by the photo intake (content, not name), kept re-encoded without metadata, and read back for
 * the public landing page. Refusals: 422 {@code invalid_campaign_image} with {@code reason} ({@code type},
 * {@code size}, {@code dimensions}), or the intake's own codes for what is not an image at all.
 */
@Service
public class CampaignImages {

    /** 5 MB: a landing page picture needs no more, and it is sent to every visitor. */
    public static final long MAX_BYTES = 5L * 1024 * 1024;

    public static final int MIN_WIDTH = 320;
    public static final int MIN_HEIGHT = 160;
    public static final int MAX_SIDE = 4096;

    private final PhotoIntake intake;
    private final StoredFiles files;
    private final Campaigns campaigns;

    CampaignImages(PhotoIntake intake, StoredFiles files, Campaigns campaigns) {
        this.intake = intake;
        this.files = files;
        this.campaigns = campaigns;
    }

    /** The bytes of an image, their content type and the stored file's id (a new image has a new id). */
    public record Image(UUID id, byte[] bytes, String contentType) {}

    /**
     * Checks the upload, stores its clean copy and makes it the campaign's landing image. Nothing is kept
     * when the upload is refused or the campaign cannot change (404 {@code not_found}, 409
     * {@code invalid_transition} when archived).
     */
    @Transactional
    public CampaignView replace(UUID campaign, InputStreamSource upload, long size) throws IOException {
        TenantBinder.required();
        CampaignView current = campaigns.require(campaign);
        if (current.status() == CampaignStatus.ARCHIVED) {
            throw new ProblemException(409, "invalid_transition");
        }
        if (size > MAX_BYTES) {
            throw refused("size", MAX_BYTES / (1024 * 1024));
        }
        PhotoIntake.Header header;
        try (InputStream in = upload.getInputStream()) {
            header = intake.inspect(in, size);
        }
        checkHeader(header.format(), header.width(), header.height());
        var stored = intake.receive(upload, size, photo -> {
            // the decoded image, turned upright, is what is kept: check it again
            checkHeader(photo.format(), photo.width(), photo.height());
            return files.storeCampaignImage(photo);
        });
        return campaigns.changeLandingImage(campaign, stored.id().value());
    }

    /** Removes the campaign's landing image (the stored file stays, as the audit log refers to it). */
    @Transactional
    public CampaignView remove(UUID campaign) {
        return campaigns.changeLandingImage(campaign, null);
    }

    /**
     * The landing image of a campaign the public may see: open or closed, or any but archived when the
     * preview token matches.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<Image> forLandingPage(UUID campaign, @org.jspecify.annotations.Nullable String preview) {
        return campaigns
                .find(campaign)
                .filter(c -> visible(c, preview))
                .flatMap(c -> java.util.Optional.ofNullable(c.landingImage()))
                .flatMap(id ->
                        files.campaignImage(new StoredFileId(id)).map(c -> new Image(id, c.bytes(), c.contentType())));
    }

    static boolean visible(CampaignView c, @org.jspecify.annotations.Nullable String preview) {
        return switch (c.status()) {
            case OPEN, CLOSED -> true;
            case DRAFT ->
                preview != null
                        && java.security.MessageDigest.isEqual(
                                preview.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                c.previewToken().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case ARCHIVED -> false;
        };
    }

    private static void checkHeader(String format, int width, int height) {
        if (!format.equals("jpeg") && !format.equals("png")) {
            throw refused("type");
        }
        if (width < MIN_WIDTH || height < MIN_HEIGHT || width > MAX_SIDE || height > MAX_SIDE) {
            throw refused("dimensions", MIN_WIDTH, MIN_HEIGHT, MAX_SIDE, width, height);
        }
    }

    private static ProblemException refused(String reason, Object... arguments) {
        return new ProblemException(422, "invalid_campaign_image", arguments)
                .detail("problem.invalid_campaign_image." + reason)
                .with("reason", reason);
    }
}
