package jp.tokuten.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The perceptual hash (decision 090): one photo is found by its hash (or a near hash) through re-encoding
 * and scaling, another receipt has another.
 */
class PhotoFingerprintTests {

    static final List<String> RECEIPTS = List.of("gen_001.jpg", "gen_002.jpg", "gen_003.jpg", "gen_005.jpg");

    /** What the judge does: the hash and near hashes of one are claimed, and the other's are looked up. */
    static boolean claimedTogether(PhotoFingerprint.Fingerprint a, PhotoFingerprint.Fingerprint b) {
        Set<String> first = new HashSet<>(a.near());
        first.add(a.hash());
        Set<String> second = new HashSet<>(b.near());
        second.add(b.hash());
        return first.stream().anyMatch(second::contains);
    }

    @Test
    void theSamePhotoReEncodedAtAnotherQualityOrScaledIsFoundByItsHash() {
        int same = 0;
        int copies = 0;
        for (String name : RECEIPTS) {
            BufferedImage photo = TaggedPhotos.receipt(name);
            var original = PhotoFingerprint.fingerprint(photo);
            assertThat(original.hash()).as(name).matches("[0-9a-f]{16}");
            assertThat(original.near()).hasSizeLessThanOrEqualTo(7).doesNotContain(original.hash());
            for (double scale : new double[] {0.33, 0.5, 0.7, 0.9, 1.5}) {
                for (float quality : new float[] {0.5f, 0.7f, 0.95f}) {
                    var copy = PhotoFingerprint.fingerprint(
                            TaggedPhotos.decode(TaggedPhotos.jpeg(TaggedPhotos.scaled(photo, scale), quality)));
                    assertThat(claimedTogether(original, copy))
                            .as(name + " scaled by " + scale + " at JPEG quality " + quality)
                            .isTrue();
                    copies++;
                    same += copy.hash().equals(original.hash()) ? 1 : 0;
                }
            }
            assertThat(PhotoFingerprint.of(TaggedPhotos.decode(TaggedPhotos.jpeg(photo, 0.5f))))
                    .as(name + " at JPEG quality 50, same size")
                    .isEqualTo(original.hash());
        }
        assertThat(same).as("copies with the very same hash").isGreaterThan(copies * 3 / 4);
    }

    @Test
    void differentReceiptsHaveDifferentHashes() {
        List<Long> hashes = RECEIPTS.stream()
                .map(n -> PhotoFingerprint.bits(TaggedPhotos.receipt(n)))
                .toList();
        for (int i = 0; i < hashes.size(); i++) {
            for (int j = i + 1; j < hashes.size(); j++) {
                assertThat(Long.bitCount(hashes.get(i) ^ hashes.get(j)))
                        .as(RECEIPTS.get(i) + " against " + RECEIPTS.get(j))
                        .isGreaterThanOrEqualTo(6);
            }
        }
    }

    @Test
    void aPhotoStoredSidewaysWithItsOrientationIsHashedUpright() {
        BufferedImage upright = TaggedPhotos.receipt("gen_003.jpg");
        byte[] sideways =
                TaggedPhotos.withOrientation(TaggedPhotos.jpeg(TaggedPhotos.turnedAnticlockwise(upright), 0.9f), 6);
        // what the reading job does: the intake decodes and turns it, then it is hashed
        Photo turned = PhotoIntake.withDefaults().check(sideways);
        assertThat(turned.width()).isEqualTo(upright.getWidth());
        assertThat(claimedTogether(PhotoFingerprint.fingerprint(upright), PhotoFingerprint.fingerprint(turned.image())))
                .isTrue();
        // unturned it would be another picture
        assertThat(claimedTogether(
                        PhotoFingerprint.fingerprint(upright),
                        PhotoFingerprint.fingerprint(TaggedPhotos.turnedAnticlockwise(upright))))
                .isFalse();
    }

    @Test
    void differentReceiptsAreNotClaimedTogether() {
        List<PhotoFingerprint.Fingerprint> prints = RECEIPTS.stream()
                .map(n -> PhotoFingerprint.fingerprint(TaggedPhotos.receipt(n)))
                .toList();
        for (int i = 0; i < prints.size(); i++) {
            for (int j = i + 1; j < prints.size(); j++) {
                assertThat(claimedTogether(prints.get(i), prints.get(j)))
                        .as(RECEIPTS.get(i) + " against " + RECEIPTS.get(j))
                        .isFalse();
            }
        }
    }

    @Test
    void aBigPhotoHashesTheSameEveryTime() {
        BufferedImage big = TaggedPhotos.scaled(TaggedPhotos.receipt("gen_001.jpg"), 2.2); // ~10 megapixels
        String hash = PhotoFingerprint.of(big);
        assertThat(hash).matches("[0-9a-f]{16}");
        for (int i = 0; i < 3; i++) {
            assertThat(PhotoFingerprint.of(big)).isEqualTo(hash);
        }
        // its cost (about 11 ms of CPU for 19 megapixels) is measured in bench/, not timed here
    }
}
