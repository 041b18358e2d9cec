package jp.tokuten.receipts;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.tokuten.files.PhotoFingerprint;
import jp.tokuten.files.PhotoSignals;
import org.jspecify.annotations.Nullable;

/**
 * The fraud checks of a submission's photos in the reading job (decisions 090, 091): the perceptual hash
 * of its first photo (the top of a long receipt, with the store) with its near hashes and the signals of all its photos, put
 * into the reading as {@code photo: {perceptualHash, nearHashes, signals}} for the judge.
 */
final class PhotoCheck {

    private PhotoFingerprint.@Nullable Fingerprint fingerprint;
    private final Set<String> signals = new LinkedHashSet<>();

    /**
     * One photo of the submission, decoded and upright.
     *
     * @param original the file as sent, or null when only its clean copy (without metadata) is left
     */
    void add(byte @Nullable [] original, BufferedImage image) {
        if (fingerprint == null) {
            fingerprint = PhotoFingerprint.fingerprint(image);
        }
        signals.addAll(PhotoSignals.of(original, image));
    }

    /** The reading with the {@code photo} key added. */
    Map<String, Object> into(Map<String, Object> reading) {
        Map<String, Object> out = new LinkedHashMap<>(reading);
        Map<String, Object> photo = new LinkedHashMap<>();
        photo.put("perceptualHash", fingerprint == null ? null : fingerprint.hash());
        photo.put("nearHashes", fingerprint == null ? List.of() : fingerprint.near());
        photo.put("signals", List.copyOf(signals));
        out.put("photo", photo);
        return out;
    }
}
