package jp.tokuten.files;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Whether a photo looks taken of a screen rather than of paper (decision 101). A screen is a grid of red,
 * green and blue stripes; photographed, the grid beats against the camera's own pixel grid and leaves
 * moiré: ripples of colour with one strong frequency. Paper under a camera has colour noise and colour
 * edges, but no single frequency standing out of the colour of the image.
 *
 * <p>So in up to five windows of 256 × 256 pixels (the centre and four points a quarter of the way out),
 * the colour of each pixel apart from its brightness ({@code R − G} and {@code B − G}) is windowed and
 * transformed (a 2-D FFT of both channels at once), and the strongest frequency is compared with the
 * median of all of them and with its neighbours three bins away. Left out: the lowest frequencies
 * (lighting and the colour of whole objects), frequencies close to an axis (rows and columns of printed
 * text, with the fringes a lens gives their edges) and the multiples of 1/16 cycle per pixel (JPEG's 8
 * and 16 pixel blocks). A photo is a screen when at least two windows have a peak that is strong, isolated
 * and of a visible amplitude.
 *
 * <p>Thresholds from photos of screens simulated from receipts (RGB stripe grids photographed at several
 * angles and scales) and from 260 real scans and renders of paper receipts (decision 101 has the figures);
 * no real photo of a screen was at hand, so they are a first setting, and the signal sends an entry to
 * review by default (a campaign may choose to block).
 */
final class ScreenMoire {

    static final int N = 256;
    private static final int LOG_N = 8;

    /** The strongest frequency against the median of all allowed ones. */
    static final double PEAK_OVER_MEDIAN = 10_000;

    /** The strongest frequency against the strongest of its neighbours three bins away. */
    static final double PEAK_OVER_NEIGHBOURS = 20;

    /** The ripple's amplitude in levels of 255, at least. */
    static final double MIN_AMPLITUDE = 2.0;

    /** Windows with such a peak, at least. */
    static final int MIN_WINDOWS = 2;

    /** Frequencies (in bins) below this radius are lighting and whole objects. */
    private static final int LOW = 10;

    /** Frequencies this close to an axis (in bins) are left to text rows and columns. */
    private static final int AXIS = 4;

    private static final double[] HANN = new double[N];

    static {
        for (int i = 0; i < N; i++) {
            HANN[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (N - 1));
        }
    }

    private ScreenMoire() {}

    /** The measures of one window. */
    record Peak(double overMedian, double overNeighbours, double amplitude) {
        boolean strong() {
            return overMedian >= PEAK_OVER_MEDIAN
                    && overNeighbours >= PEAK_OVER_NEIGHBOURS
                    && amplitude >= MIN_AMPLITUDE;
        }
    }

    static boolean looksLikeAScreen(BufferedImage image) {
        return Arrays.stream(peaks(image)).filter(Peak::strong).count() >= MIN_WINDOWS;
    }

    /** The peak of each window; none when the image is smaller than one window. */
    static Peak[] peaks(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (w < N || h < N) {
            return new Peak[0];
        }
        int[][] centres = {{w / 2, h / 2}, {w / 2, h / 4}, {w / 2, 3 * h / 4}, {w / 4, h / 2}, {3 * w / 4, h / 2}};
        java.util.List<Peak> out = new java.util.ArrayList<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int[] c : centres) {
            int x0 = Math.clamp(c[0] - N / 2, 0, w - N);
            int y0 = Math.clamp(c[1] - N / 2, 0, h - N);
            if (seen.add(((long) x0 << 32) | y0)) {
                out.add(peak(image.getRGB(x0, y0, N, N, null, 0, N)));
            }
        }
        return out.toArray(Peak[]::new);
    }

    /** The peak of one window of {@code N × N} packed RGB pixels. */
    static Peak peak(int[] rgb) {
        double[] re = new double[N * N];
        double[] im = new double[N * N];
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            int g = (p >> 8) & 0xff;
            re[i] = ((p >> 16) & 0xff) - g;
            im[i] = (p & 0xff) - g;
            meanA += re[i];
            meanB += im[i];
        }
        meanA /= rgb.length;
        meanB /= rgb.length;
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                int i = y * N + x;
                double wgt = HANN[x] * HANN[y];
                re[i] = (re[i] - meanA) * wgt;
                im[i] = (im[i] - meanB) * wgt;
            }
        }
        fft2(re, im);
        // both channels' power at (u, v): (|Z(u, v)|² + |Z(-u, -v)|²) / 2 for Z = FFT(a + i b)
        double[] power = new double[N * N];
        for (int v = 0; v < N; v++) {
            for (int u = 0; u < N; u++) {
                int i = v * N + u;
                int j = ((N - v) % N) * N + (N - u) % N;
                power[i] = (re[i] * re[i] + im[i] * im[i] + re[j] * re[j] + im[j] * im[j]) / 2;
            }
        }
        double[] allowed = new double[N * N / 2];
        int count = 0;
        double max = 0;
        int maxU = 0;
        int maxV = 0;
        for (int v = 0; v <= N / 2; v++) {
            for (int u = 0; u < N; u++) {
                int fu = u <= N / 2 ? u : u - N;
                if (v == 0 || v == N / 2 || !allowed(fu, v)) {
                    continue; // the half plane v > 0 holds every frequency once
                }
                double p = power[v * N + u];
                allowed[count++] = p; // fewer than N / 2 rows of N
                if (p > max) {
                    max = p;
                    maxU = fu;
                    maxV = v;
                }
            }
        }
        if (count == 0 || max == 0) {
            return new Peak(0, 0, 0);
        }
        double[] sorted = Arrays.copyOf(allowed, count);
        Arrays.sort(sorted);
        double median = Math.max(sorted[count / 2], 1e-9);
        double neighbours = 1e-9;
        for (int dv = -3; dv <= 3; dv += 3) {
            for (int du = -3; du <= 3; du += 3) {
                if (du != 0 || dv != 0) {
                    int u = Math.floorMod(maxU + du, N);
                    int v = Math.floorMod(maxV + dv, N);
                    neighbours = Math.max(neighbours, power[v * N + u]);
                }
            }
        }
        // a ripple of amplitude A under the Hann window gives |Z| = A/2 · (N/2)² at its frequency
        double amplitude = Math.sqrt(max) * 8.0 / ((double) N * N);
        return new Peak(max / median, max / neighbours, amplitude);
    }

    private static boolean allowed(int fu, int fv) {
        int au = Math.abs(fu);
        int av = Math.abs(fv);
        if (au * au + av * av < LOW * LOW || au <= AXIS || av <= AXIS) {
            return false;
        }
        return !(nearBlock(au) || nearBlock(av));
    }

    /** Within a bin of a multiple of N/16: the harmonics of JPEG's 8 and 16 pixel blocks. */
    private static boolean nearBlock(int f) {
        int r = f % (N / 16);
        return r <= 1 || r >= N / 16 - 1;
    }

    /** In-place 2-D FFT of an {@code N × N} complex array, rows then columns. */
    static void fft2(double[] re, double[] im) {
        double[] rowRe = new double[N];
        double[] rowIm = new double[N];
        for (int y = 0; y < N; y++) {
            System.arraycopy(re, y * N, rowRe, 0, N);
            System.arraycopy(im, y * N, rowIm, 0, N);
            fft(rowRe, rowIm);
            System.arraycopy(rowRe, 0, re, y * N, N);
            System.arraycopy(rowIm, 0, im, y * N, N);
        }
        for (int x = 0; x < N; x++) {
            for (int y = 0; y < N; y++) {
                rowRe[y] = re[y * N + x];
                rowIm[y] = im[y * N + x];
            }
            fft(rowRe, rowIm);
            for (int y = 0; y < N; y++) {
                re[y * N + x] = rowRe[y];
                im[y * N + x] = rowIm[y];
            }
        }
    }

    /** In-place radix-2 FFT (Cooley-Tukey, decimation in time) of length {@code N}. */
    static void fft(double[] re, double[] im) {
        for (int i = 0; i < N; i++) {
            int j = Integer.reverse(i) >>> (32 - LOG_N);
            if (j > i) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int size = 2; size <= N; size <<= 1) {
            int half = size >> 1;
            double step = -2 * Math.PI / size;
            for (int k = 0; k < half; k++) {
                double wr = Math.cos(step * k);
                double wi = Math.sin(step * k);
                for (int start = k; start < N; start += size) {
                    int a = start;
                    int b = start + half;
                    double tr = wr * re[b] - wi * im[b];
                    double ti = wr * im[b] + wi * re[b];
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }
}
