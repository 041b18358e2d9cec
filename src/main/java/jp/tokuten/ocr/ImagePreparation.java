package jp.tokuten.ocr;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Steps that turn a photo into what Tesseract reads best. Each step is kept on by default only when
 * bench/ocr shows that it helps; the others stay available to the harness for measuring.
 */
public enum ImagePreparation {
    /**
     * Stretches the grey levels so the darkest 1% is black and the lightest 1% white, on faded prints only
     * (when even the darkest 1% is lighter than 70 of 255).
     */
    CONTRAST,
    /** Scales images whose text is too small (narrow scans) up, and huge phone photos down. */
    SCALE,
    /** Estimates a small rotation (up to ±6°) from the text rows and straightens it. */
    DESKEW,
    /**
     * Crops a photo to the receipt: the paper is the large bright region once the print is blurred away;
     * the table or hand around it goes.
     */
    CROP,
    /**
     * Finds the receipt's print on a large frame of which it fills a small part (a flatbed scan of an A4
     * page, paper on paper, so no brightness edge shows it) and crops to it at full resolution, before
     * {@link #SCALE} would shrink the whole frame and the print with it.
     */
    LOCATE;

    /** The steps the harness showed to help. */
    public static final Set<ImagePreparation> DEFAULT = Set.of(LOCATE, SCALE);

    /** Frames up to this wide are read whole: {@link #SCALE} does not shrink them, their print keeps its detail. */
    static final int LOCATE_MIN_WIDTH = 2400;

    /** The print is cropped to only when its box is at most this share of the frame. */
    static final double LOCATE_MAX_SHARE = 0.5;

    /** The widest a located receipt is read (narrow scans are scaled to 1,000 px, huge photos to 1,600). */
    static final int LOCATED_WIDTH = 1400;

    /** Greyscale copy of any image as 8-bit luminance, laid over white where transparent. */
    static BufferedImage grey(BufferedImage source) {
        if (source.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            return source;
        }
        BufferedImage grey = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        var g = grey.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, source.getWidth(), source.getHeight());
        g.drawImage(source, 0, 0, null);
        g.dispose();
        return grey;
    }

    static BufferedImage contrast(BufferedImage grey) {
        byte[] data = packed(grey);
        int[] histogram = new int[256];
        for (byte b : data) {
            histogram[b & 0xff]++;
        }
        int low = percentile(histogram, data.length, 0.01);
        int high = percentile(histogram, data.length, 0.99);
        // only faded prints: where the darkest ink is still grey; stretching a good scan hurts (bench/ocr)
        if (low < 70 || high - low < 16) {
            return grey;
        }
        byte[] map = new byte[256];
        for (int v = 0; v < 256; v++) {
            int m = (v - low) * 255 / (high - low);
            map[v] = (byte) Math.max(0, Math.min(255, m));
        }
        BufferedImage out = new BufferedImage(grey.getWidth(), grey.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] target = packed(out);
        for (int i = 0; i < data.length; i++) {
            target[i] = map[data[i] & 0xff];
        }
        return out;
    }

    /**
     * Tesseract reads glyphs about 20–40 px high best. Receipts are narrow: a width of about 1,000 px
     * puts a 32-character line at that size.
     */
    static BufferedImage scale(BufferedImage grey) {
        int width = grey.getWidth();
        double factor;
        if (width < 700) {
            factor = 1000.0 / width;
        } else if (width > 2400) {
            factor = 1600.0 / width;
        } else {
            return grey;
        }
        int w = (int) Math.round(width * factor);
        int h = (int) Math.round(grey.getHeight() * factor);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(grey, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /**
     * Finds the angle at which the rows of dark pixels are sharpest (the variance of the row sums is
     * highest) and rotates by it.
     */
    static BufferedImage deskew(BufferedImage grey) {
        int w = grey.getWidth();
        int h = grey.getHeight();
        byte[] data = packed(grey);
        int step = Math.max(1, w / 400);
        double best = 0;
        double bestScore = -1;
        for (double deg = -6; deg <= 6.001; deg += 0.5) {
            double score = rowVariance(data, w, h, Math.toRadians(deg), step);
            if (score > bestScore) {
                bestScore = score;
                best = deg;
            }
        }
        double refined = best;
        for (double deg = best - 0.4; deg <= best + 0.401; deg += 0.1) {
            double score = rowVariance(data, w, h, Math.toRadians(deg), step);
            if (score > bestScore) {
                bestScore = score;
                refined = deg;
            }
        }
        if (Math.abs(refined) < 0.3) {
            return grey;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        var g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.rotate(Math.toRadians(-refined), w / 2.0, h / 2.0);
        g.drawImage(grey, 0, 0, null);
        g.dispose();
        return out;
    }

    static BufferedImage crop(BufferedImage grey) {
        int w = grey.getWidth();
        int h = grey.getHeight();
        int step = Math.max(1, Math.min(w, h) / 200);
        int sw = w / step;
        int sh = h / step;
        if (sw < 20 || sh < 20) {
            return grey;
        }
        byte[] data = packed(grey);
        // downsample by averaging, then blur the print away with a box of about a line's height
        int[] small = new int[sw * sh];
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                int sum = 0;
                for (int dy = 0; dy < step; dy++) {
                    int row = (y * step + dy) * w + x * step;
                    for (int dx = 0; dx < step; dx++) {
                        sum += data[row + dx] & 0xff;
                    }
                }
                small[y * sw + x] = sum / (step * step);
            }
        }
        int radius = Math.max(2, sw / 40);
        int[] blurred = boxBlur(small, sw, sh, radius);
        int[] histogram = new int[256];
        for (int v : blurred) {
            histogram[v]++;
        }
        int threshold = otsu(histogram, blurred.length);
        // rows and columns mostly of paper
        int top = -1;
        int bottom = -1;
        int left = -1;
        int right = -1;
        int[] colCount = new int[sw];
        for (int y = 0; y < sh; y++) {
            int count = 0;
            for (int x = 0; x < sw; x++) {
                if (blurred[y * sw + x] > threshold) {
                    count++;
                    colCount[x]++;
                }
            }
            if (count * 10 >= sw * 3) {
                if (top < 0) {
                    top = y;
                }
                bottom = y;
            }
        }
        for (int x = 0; x < sw; x++) {
            if (colCount[x] * 10 >= sh * 3) {
                if (left < 0) {
                    left = x;
                }
                right = x;
            }
        }
        if (top < 0 || left < 0) {
            return grey;
        }
        int margin = radius + 2;
        int x0 = Math.max(0, (left - margin) * step);
        int y0 = Math.max(0, (top - margin) * step);
        int x1 = Math.min(w, (right + 1 + margin) * step);
        int y1 = Math.min(h, (bottom + 1 + margin) * step);
        long area = (long) (x1 - x0) * (y1 - y0);
        // nothing to gain, or a dark receipt on a light table: leave the photo as it is
        if (area * 100 >= (long) w * h * 92 || area * 100 < (long) w * h * 15) {
            return grey;
        }
        BufferedImage out = new BufferedImage(x1 - x0, y1 - y0, BufferedImage.TYPE_BYTE_GRAY);
        var g = out.createGraphics();
        g.drawImage(grey.getSubimage(x0, y0, x1 - x0, y1 - y0), 0, 0, null);
        g.dispose();
        return out;
    }

    /**
     * The box of the print on a large, mostly empty frame, or the frame itself. The frame is cut into cells of
     * about 1/400 of its longer side; a cell holds ink when it has a few pixels far darker than the page
     * (dark and light within one cell: print, not a dark table). Ink cells within a few cells of each other
     * join into blocks; the block with the most ink, and every block beside it in the same columns (the
     * sections of a receipt with blank lines between them), are the receipt. Specks of a cell or two are no
     * block.
     */
    static BufferedImage locate(BufferedImage grey) {
        int w = grey.getWidth();
        int h = grey.getHeight();
        if (w <= LOCATE_MIN_WIDTH) {
            return grey;
        }
        byte[] data = packed(grey);
        int cell = Math.max(4, Math.max(w, h) / 400);
        int cw = w / cell;
        int ch = h / cell;
        // the page's level: the brightness most of a sparse sample reaches
        int[] histogram = new int[256];
        int samples = 0;
        for (int y = cell / 2; y < h; y += cell) {
            for (int x = cell / 2; x < w; x += cell) {
                histogram[data[y * w + x] & 0xff]++;
                samples++;
            }
        }
        int paper = percentile(histogram, samples, 0.9);
        int dark = paper * 6 / 10;
        boolean[] ink = new boolean[cw * ch];
        // every other pixel of a large frame: its strokes are several pixels wide
        int stride = Math.max(1, cell / 6);
        for (int cy = 0; cy < ch; cy++) {
            for (int cx = 0; cx < cw; cx++) {
                int darkPixels = 0;
                int lightPixels = 0;
                for (int y = cy * cell; y < (cy + 1) * cell; y += stride) {
                    int row = y * w + cx * cell;
                    for (int x = 0; x < cell; x += stride) {
                        int v = data[row + x] & 0xff;
                        if (v < dark) {
                            darkPixels++;
                        } else if (v > paper - 40) {
                            lightPixels++;
                        }
                    }
                }
                if (darkPixels >= 2 && lightPixels >= 2) {
                    ink[cy * cw + cx] = true;
                }
            }
        }
        // join ink a few cells apart (letters, words, lines) into blocks
        int reach = Math.max(2, cw / 60);
        int[] block = new int[cw * ch];
        java.util.Arrays.fill(block, -1);
        List<int[]> blocks = new ArrayList<>(); // {left, top, right, bottom, ink}
        int[] queue = new int[cw * ch];
        for (int start = 0; start < ink.length; start++) {
            if (!ink[start] || block[start] >= 0) {
                continue;
            }
            int id = blocks.size();
            int[] box = {start % cw, start / cw, start % cw, start / cw, 0};
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            block[start] = id;
            while (head < tail) {
                int c = queue[head++];
                int x = c % cw;
                int y = c / cw;
                box[0] = Math.min(box[0], x);
                box[1] = Math.min(box[1], y);
                box[2] = Math.max(box[2], x);
                box[3] = Math.max(box[3], y);
                box[4]++;
                for (int ny = Math.max(0, y - reach); ny <= Math.min(ch - 1, y + reach); ny++) {
                    for (int nx = Math.max(0, x - reach); nx <= Math.min(cw - 1, x + reach); nx++) {
                        int n = ny * cw + nx;
                        if (ink[n] && block[n] < 0) {
                            block[n] = id;
                            queue[tail++] = n;
                        }
                    }
                }
            }
            blocks.add(box);
        }
        int[] main = blocks.stream()
                .max(java.util.Comparator.comparingInt(b -> b[4]))
                .orElse(null);
        if (main == null || main[4] * 500L < (long) cw * ch) {
            // no print, only dust
            return grey;
        }
        int[] box = main.clone();
        int speck = Math.max(3, main[4] / 200);
        boolean grown = true;
        while (grown) {
            grown = false;
            for (int[] b : blocks) {
                if (b == main
                        || b[4] < speck
                        || (b[0] >= box[0] && b[2] <= box[2] && b[1] >= box[1] && b[3] <= box[3])) {
                    continue;
                }
                int overlap = Math.min(b[2], box[2]) - Math.max(b[0], box[0]) + 1;
                if (overlap * 2 >= Math.min(b[2] - b[0] + 1, box[2] - box[0] + 1)) {
                    box[0] = Math.min(box[0], b[0]);
                    box[1] = Math.min(box[1], b[1]);
                    box[2] = Math.max(box[2], b[2]);
                    box[3] = Math.max(box[3], b[3]);
                    grown = true;
                }
            }
        }
        int margin = reach + 2;
        int x0 = Math.max(0, (box[0] - margin) * cell);
        int y0 = Math.max(0, (box[1] - margin) * cell);
        int x1 = Math.min(w, (box[2] + 1 + margin) * cell);
        int y1 = Math.min(h, (box[3] + 1 + margin) * cell);
        // a receipt fills most of the frame (a photo), or what was found is a sliver (a scanner's edge)
        if ((double) (x1 - x0) * (y1 - y0) > LOCATE_MAX_SHARE * w * h || (x1 - x0) * 10 < w || (y1 - y0) * 10 < h) {
            return grey;
        }
        // a receipt scanned at 600 dpi prints glyphs about twice the height Tesseract reads best, and reading
        // four times the pixels costs four times as long: the crop is brought to at most LOCATED_WIDTH
        double factor = Math.min(1, (double) LOCATED_WIDTH / (x1 - x0));
        int ow = (int) Math.round((x1 - x0) * factor);
        int oh = (int) Math.round((y1 - y0) * factor);
        BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_BYTE_GRAY);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(grey.getSubimage(x0, y0, x1 - x0, y1 - y0), 0, 0, ow, oh, null);
        g.dispose();
        return out;
    }

    private static int[] boxBlur(int[] src, int w, int h, int r) {
        int[] tmp = new int[src.length];
        int[] out = new int[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sum = 0;
                int n = 0;
                for (int k = Math.max(0, x - r); k <= Math.min(w - 1, x + r); k++) {
                    sum += src[y * w + k];
                    n++;
                }
                tmp[y * w + x] = sum / n;
            }
        }
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                int sum = 0;
                int n = 0;
                for (int k = Math.max(0, y - r); k <= Math.min(h - 1, y + r); k++) {
                    sum += tmp[k * w + x];
                    n++;
                }
                out[y * w + x] = sum / n;
            }
        }
        return out;
    }

    /** The grey level that best splits the histogram in two (Otsu's method). */
    private static int otsu(int[] histogram, int total) {
        double sum = 0;
        for (int v = 0; v < 256; v++) {
            sum += (double) v * histogram[v];
        }
        double sumBelow = 0;
        int below = 0;
        double best = -1;
        int threshold = 128;
        for (int v = 0; v < 256; v++) {
            below += histogram[v];
            if (below == 0) {
                continue;
            }
            int above = total - below;
            if (above == 0) {
                break;
            }
            sumBelow += (double) v * histogram[v];
            double meanBelow = sumBelow / below;
            double meanAbove = (sum - sumBelow) / above;
            double between = (double) below * above * (meanBelow - meanAbove) * (meanBelow - meanAbove);
            if (between > best) {
                best = between;
                threshold = v;
            }
        }
        return threshold;
    }

    private static double rowVariance(byte[] data, int w, int h, double angle, int step) {
        double tan = Math.tan(angle);
        double[] rows = new double[h];
        for (int y = 0; y < h; y += step) {
            for (int x = 0; x < w; x += step) {
                if ((data[y * w + x] & 0xff) < 128) {
                    int row = (int) Math.round(y - (x - w / 2.0) * tan);
                    if (row >= 0 && row < h) {
                        rows[row]++;
                    }
                }
            }
        }
        double sum = 0;
        double squares = 0;
        for (double r : rows) {
            sum += r;
            squares += r * r;
        }
        double mean = sum / h;
        return squares / h - mean * mean;
    }

    private static int percentile(int[] histogram, int total, double p) {
        long seen = 0;
        for (int v = 0; v < 256; v++) {
            seen += histogram[v];
            if (seen >= total * p) {
                return v;
            }
        }
        return 255;
    }

    /** The grey levels row by row, exactly width × height bytes (a sub-image's raster is copied). */
    static byte[] packed(BufferedImage grey) {
        var raster = grey.getRaster();
        if (raster.getDataBuffer() instanceof java.awt.image.DataBufferByte buffer
                && raster.getParent() == null
                && buffer.getData().length == grey.getWidth() * grey.getHeight()) {
            return buffer.getData();
        }
        byte[] out = new byte[grey.getWidth() * grey.getHeight()];
        int[] row = new int[grey.getWidth()];
        for (int y = 0; y < grey.getHeight(); y++) {
            raster.getSamples(0, y, grey.getWidth(), 1, 0, row);
            for (int x = 0; x < row.length; x++) {
                out[y * row.length + x] = (byte) row[x];
            }
        }
        return out;
    }
}
