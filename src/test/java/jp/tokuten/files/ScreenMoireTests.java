package jp.tokuten.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/**
 * Photos of screens against photos of paper (decision 101). The screens are simulated: a receipt shown on
 * a grid of red, green and blue stripes, photographed by a camera that samples it at its own pitch and
 * angle, blurs it a little, adds sensor noise and saves a JPEG. The paper is the same receipt photographed
 * the same way, with a lens's colour fringes at every edge, and the committed phone-like test photos.
 */
class ScreenMoireTests {

    final BufferedImage receipt = TaggedPhotos.receipt("gen_001.jpg");

    @Test
    void theTransformFindsASinglePureFrequencyWhereItIs() {
        int[] rgb = new int[ScreenMoire.N * ScreenMoire.N];
        for (int y = 0; y < ScreenMoire.N; y++) {
            for (int x = 0; x < ScreenMoire.N; x++) {
                double ripple = 20 * Math.cos(2 * Math.PI * (37 * x + 23 * y) / ScreenMoire.N);
                int r = (int) Math.round(128 + ripple);
                rgb[y * ScreenMoire.N + x] = (r << 16) | (128 << 8) | 128;
            }
        }
        var peak = ScreenMoire.peak(rgb);
        assertThat(peak.strong()).isTrue();
        assertThat(peak.amplitude()).isBetween(18.0, 22.0); // the ripple's 20 levels, read back
        // the transform itself against the definition of the DFT
        double[] re = new double[ScreenMoire.N];
        double[] im = new double[ScreenMoire.N];
        var random = new Random(3);
        for (int i = 0; i < re.length; i++) {
            re[i] = random.nextGaussian();
            im[i] = random.nextGaussian();
        }
        double[] r0 = re.clone();
        double[] i0 = im.clone();
        ScreenMoire.fft(re, im);
        for (int k : new int[] {0, 1, 17, 128, 255}) {
            double sr = 0;
            double si = 0;
            for (int n = 0; n < ScreenMoire.N; n++) {
                double a = -2 * Math.PI * k * n / ScreenMoire.N;
                sr += r0[n] * Math.cos(a) - i0[n] * Math.sin(a);
                si += r0[n] * Math.sin(a) + i0[n] * Math.cos(a);
            }
            assertThat(re[k]).isCloseTo(sr, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(im[k]).isCloseTo(si, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void photosOfAReceiptOnAScreenLookLikeAScreen() {
        double[][] shots = {{1.7, 0.5}, {2.3, 3}, {2.9, -7}, {3.6, 12}, {1.4, -2}};
        for (double[] shot : shots) {
            BufferedImage photo = camera(onScreen(shot[0], shot[1]), new Random(5));
            assertThat(ScreenMoire.looksLikeAScreen(photo))
                    .as("pitch %.1f, %.0f°: %s", shot[0], shot[1], java.util.Arrays.toString(ScreenMoire.peaks(photo)))
                    .isTrue();
        }
    }

    @Test
    void aPhotoOfAScreenIsASignalOfThePhotoWhateverItsMetadata() {
        BufferedImage photo = camera(onScreen(2.3, 3), new Random(5));
        byte[] jpeg = TaggedPhotos.withExif(
                TaggedPhotos.jpeg(photo, 0.9f),
                java.util.Map.of(TaggedPhotos.MAKE, "Apple", TaggedPhotos.MODEL, "iPhone 15"));
        assertThat(PhotoSignals.of(jpeg, photo)).containsExactly(PhotoSignals.SCREEN_PHOTO);
        assertThat(PhotoSignals.of(null, photo)).containsExactly(PhotoSignals.SCREEN_PHOTO);
    }

    @Test
    void photosOfPaperDoNot() throws Exception {
        for (String name : PhotoFingerprintTests.RECEIPTS) {
            byte[] bytes = new ClassPathResource("receipts/" + name).getContentAsByteArray();
            BufferedImage photo = TaggedPhotos.decode(bytes);
            assertThat(ScreenMoire.looksLikeAScreen(photo))
                    .as("%s: %s", name, java.util.Arrays.toString(ScreenMoire.peaks(photo)))
                    .isFalse();
        }
        for (double angle : new double[] {0, 2, -9}) {
            BufferedImage photo = camera(onPaper(angle), new Random(9));
            assertThat(ScreenMoire.looksLikeAScreen(photo))
                    .as("paper at %.0f°: %s", angle, java.util.Arrays.toString(ScreenMoire.peaks(photo)))
                    .isFalse();
        }
    }

    @Test
    void tooSmallAPhotoIsNeverAScreen() {
        assertThat(ScreenMoire.looksLikeAScreen(new BufferedImage(200, 900, BufferedImage.TYPE_INT_RGB)))
                .isFalse();
    }

    /**
     * What a camera of 1,600 × 2,200 pixels records of the receipt shown on an RGB stripe screen, each
     * screen pixel {@code pitch} camera pixels wide, the screen turned by {@code degrees}: a point sample
     * of the stripes under each camera pixel (no optical low-pass, as on phones).
     */
    private BufferedImage onScreen(double pitch, double degrees) {
        int w = 1600;
        int h = 2200;
        // the receipt at the screen's resolution: as many screen pixels as fit the frame
        BufferedImage shown = TaggedPhotos.scaled(receipt, (w / pitch) / receipt.getWidth());
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        double cos = Math.cos(Math.toRadians(degrees));
        double sin = Math.sin(Math.toRadians(degrees));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = x - w / 2.0;
                double dy = y - h / 2.0;
                double sx = (dx * cos + dy * sin) / pitch + shown.getWidth() / 2.0;
                double sy = (-dx * sin + dy * cos) / pitch + shown.getHeight() / 2.0;
                int px = (int) Math.floor(sx);
                int py = (int) Math.floor(sy);
                if (px < 0 || py < 0 || px >= shown.getWidth() || py >= shown.getHeight()) {
                    out.setRGB(x, y, 0x101010);
                    continue;
                }
                double fx = sx - px;
                double fy = sy - py;
                int value = shown.getRGB(px, py);
                int stripe = (int) (fx * 3); // 0 red, 1 green, 2 blue
                boolean gap = fy > 0.85 || (fx * 3 - stripe) > 0.8; // the black matrix between subpixels
                int level = gap ? 12 : (value >> (16 - 8 * stripe)) & 0xff;
                int r = stripe == 0 ? level : 12;
                int g = stripe == 1 ? level : 12;
                int b = stripe == 2 ? level : 12;
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    /** The receipt on a table, turned by {@code degrees}, with a lens's colour fringes at every edge. */
    private BufferedImage onPaper(double degrees) {
        int w = 1600;
        int h = 2200;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setColor(new java.awt.Color(0x8a, 0x6d, 0x52));
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(
                java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.rotate(Math.toRadians(degrees), w / 2.0, h / 2.0);
        double scale = Math.min(1400.0 / receipt.getWidth(), 2000.0 / receipt.getHeight());
        int rw = (int) (receipt.getWidth() * scale);
        int rh = (int) (receipt.getHeight() * scale);
        g.drawImage(receipt, (w - rw) / 2, (h - rh) / 2, rw, rh, null);
        g.dispose();
        // lateral chromatic aberration: red and blue land a pixel either side of green
        BufferedImage fringed = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (out.getRGB(Math.min(w - 1, x + 1), y) >> 16) & 0xff;
                int gr = (out.getRGB(x, y) >> 8) & 0xff;
                int b = out.getRGB(Math.max(0, x - 1), y) & 0xff;
                fringed.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return fringed;
    }

    /** Optics (a slight blur), sensor noise and the phone's JPEG. */
    private static BufferedImage camera(BufferedImage scene, Random random) {
        var blur = new java.awt.image.ConvolveOp(
                new java.awt.image.Kernel(
                        3, 3, new float[] {0.0625f, 0.125f, 0.0625f, 0.125f, 0.25f, 0.125f, 0.0625f, 0.125f, 0.0625f}),
                java.awt.image.ConvolveOp.EDGE_NO_OP,
                null);
        BufferedImage soft = blur.filter(scene, null);
        for (int y = 0; y < soft.getHeight(); y++) {
            for (int x = 0; x < soft.getWidth(); x++) {
                int p = soft.getRGB(x, y);
                int r = noisy((p >> 16) & 0xff, random);
                int g = noisy((p >> 8) & 0xff, random);
                int b = noisy(p & 0xff, random);
                soft.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return TaggedPhotos.decode(TaggedPhotos.jpeg(soft, 0.85f));
    }

    private static int noisy(int v, Random random) {
        return Math.clamp(Math.round(v + random.nextGaussian() * 3), 0, 255);
    }
}
