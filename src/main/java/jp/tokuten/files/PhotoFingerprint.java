package jp.tokuten.files;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * A 64-bit perceptual hash of a photo (a difference hash, decision 090): the upright photo is reduced
 * to the mean grey of 9 × 8 cells, and each bit says whether a cell is brighter than its right-hand
 * neighbour by more than two grey levels. Re-encoding at another JPEG quality or scaling the photo moves the cell means by far less
 * than the differences between neighbours, so the hash stays the same; another receipt gives another.
 * Every pixel of a row counts (sampling columns would let text strokes alias differently at another
 * scale); a photo taller than 2,400 px is read every second (third…) row, about 1,200 rows in all, so an
 * 18.8-megapixel photo costs about 11 ms of one core.
 */
public final class PhotoFingerprint {

    private static final int COLUMNS = 9;
    private static final int ROWS = 8;

    /**
     * How much brighter (grey levels) a cell must be than its neighbour for a 1: equal cells, as two
     * cells of blank paper, give a 0 however the copy was encoded, and so do the gentle light gradients.
     */
    static final double TIE = 2.0;

    /** How near the tie (grey levels) a difference is unsure: more than re-encoding or scaling moved any (1.6). */
    static final double MARGIN = 2.0;

    /** About how many rows of a photo are read. */
    static final int ROWS_READ = 1200;

    /** The most unsure bits turned for near hashes. */
    static final int MAX_UNSURE = 3;

    private PhotoFingerprint() {}

    /**
     * The hash of a photo and its near hashes: the hash with its least sure bits (at most
     * {@value #MAX_UNSURE}, those whose difference is within {@value #MARGIN} grey levels of the tie)
     * turned the other way, every combination. A copy whose re-encoding moved such a bit across has its
     * hash among the near hashes of the first, and the first among its own: claiming all of them finds it.
     *
     * @param hash 16 lower-case hex digits
     * @param near other hashes of 16 hex digits, at most {@code 2^MAX_UNSURE - 1}
     */
    public record Fingerprint(String hash, List<String> near) {
        public Fingerprint {
            near = List.copyOf(near);
        }
    }

    /** The hash of the upright photo as 16 lower-case hex digits. */
    public static String of(BufferedImage image) {
        return fingerprint(image).hash();
    }

    /** The hash of the upright photo with its near hashes. */
    public static Fingerprint fingerprint(BufferedImage image) {
        double[] mean = means(image);
        long bits = 0;
        double[] doubt = new double[64];
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLUMNS - 1; c++) {
                int left = r * COLUMNS + c;
                double d = mean[left] - mean[left + 1];
                bits = (bits << 1) | (d > TIE ? 1 : 0);
                doubt[63 - (r * (COLUMNS - 1) + c)] = Math.abs(d - TIE);
            }
        }
        List<Integer> unsure = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if (doubt[bit] < MARGIN) {
                unsure.add(bit);
            }
        }
        unsure.sort(Comparator.comparingDouble(bit -> doubt[bit]));
        unsure = unsure.subList(0, Math.min(MAX_UNSURE, unsure.size()));
        List<String> near = new ArrayList<>();
        for (int combination = 1; combination < (1 << unsure.size()); combination++) {
            long flipped = bits;
            for (int k = 0; k < unsure.size(); k++) {
                if ((combination & (1 << k)) != 0) {
                    flipped ^= 1L << unsure.get(k);
                }
            }
            near.add(HexFormat.of().toHexDigits(flipped));
        }
        return new Fingerprint(HexFormat.of().toHexDigits(bits), near);
    }

    /** The hash as a number: bit 63 is the top-left comparison, row by row. */
    static long bits(BufferedImage image) {
        return HexFormat.fromHexDigitsToLong(of(image));
    }

    /**
     * The mean grey (0–255) of each of the 9 × 8 cells. A pixel across a cell boundary counts for both
     * cells by the share of it in each, so a scaled copy has the same means (not off by a column).
     */
    static double[] means(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] column = new int[w];
        double[] share = new double[w]; // of pixel x in cell column[x]; the rest is in the next cell
        for (int x = 0; x < w; x++) {
            column[x] = (int) ((long) x * COLUMNS / w);
            double boundary = (double) (column[x] + 1) * w / COLUMNS;
            share[x] = Math.min(1.0, boundary - x);
        }
        double[] sum = new double[COLUMNS * ROWS];
        int[] grey = new int[w];
        // per column, the grey of the rows of the current cell row, and what a boundary row gives the next
        double[] acc = new double[w];
        double[] carry = new double[w];
        int current = 0;
        // a tall photo is read every step-th row (every pixel of it): over 150 rows per cell still
        int step = Math.max(1, h / ROWS_READ);
        for (int y = 0; y < h; y++) {
            int row = (int) ((long) y * ROWS / h);
            while (current < row) {
                distribute(acc, current, column, share, sum);
                double[] next = carry;
                carry = acc;
                acc = next;
                java.util.Arrays.fill(carry, 0);
                current++;
            }
            if (y % step != 0) {
                continue;
            }
            greyRow(image, y, grey);
            double inRow = Math.min(1.0, (double) (row + 1) * h / ROWS - y);
            if (inRow >= 1.0) {
                for (int x = 0; x < w; x++) {
                    acc[x] += grey[x];
                }
            } else {
                for (int x = 0; x < w; x++) {
                    double g = grey[x];
                    acc[x] += g * inRow;
                    carry[x] += g - g * inRow;
                }
            }
        }
        distribute(acc, current, column, share, sum);
        double area = (double) w / COLUMNS * h / ROWS * 1000 / step;
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= area;
        }
        return sum;
    }

    /** Adds the column sums of cell row {@code row} to its cells, a boundary column by its shares. */
    private static void distribute(double[] acc, int row, int[] column, double[] share, double[] sum) {
        for (int x = 0; x < acc.length; x++) {
            double inFirst = acc[x] * share[x];
            sum[row * COLUMNS + column[x]] += inFirst;
            if (column[x] + 1 < COLUMNS) {
                sum[row * COLUMNS + column[x] + 1] += acc[x] - inFirst;
            }
        }
    }

    /**
     * The grey (0.299 R + 0.587 G + 0.114 B, times 1000) of one row: straight from the pixel bytes of
     * the layouts decoders give, through {@link BufferedImage#getRGB} for any other.
     */
    private static void greyRow(BufferedImage image, int y, int[] grey) {
        int w = image.getWidth();
        var raster = image.getRaster();
        if (raster.getDataBuffer() instanceof DataBufferByte bytes
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel model
                && raster.getParent() == null
                && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0
                && image.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_RGB
                && !(image.getColorModel() instanceof java.awt.image.IndexColorModel)
                && model.getNumBands() >= 3
                && bytes.getNumBanks() == 1) {
            byte[] data = bytes.getData();
            int[] offsets = model.getBandOffsets();
            int stride = model.getPixelStride();
            int at = y * model.getScanlineStride();
            int r = offsets[0];
            int g = offsets[1];
            int b = offsets[2];
            for (int x = 0; x < w; x++, at += stride) {
                grey[x] = (data[at + r] & 0xff) * 299 + (data[at + g] & 0xff) * 587 + (data[at + b] & 0xff) * 114;
            }
            return;
        }
        int[] rgb = image.getRGB(0, y, w, 1, null, 0, w);
        for (int x = 0; x < w; x++) {
            int p = rgb[x];
            grey[x] = ((p >> 16) & 0xff) * 299 + ((p >> 8) & 0xff) * 587 + (p & 0xff) * 114;
        }
    }
}
