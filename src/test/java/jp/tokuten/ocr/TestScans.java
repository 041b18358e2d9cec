package jp.tokuten.ocr;

import java.awt.Color;
import java.awt.Font;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

/** Real images for preparation tests, made here: flatbed scans of a page and receipts printed in Latin script. */
public final class TestScans {

    /** A4 at 600 dpi, as a flatbed scanner saves a whole page. */
    public static final int A4_WIDTH = 4961;

    public static final int A4_HEIGHT = 7016;

    private TestScans() {}

    /**
     * {@code receipt} scanned on an A4 page at 600 dpi: enlarged {@code scale} times (a receipt photo is
     * coarser than a 600 dpi scan), laid at {@code left, top} on white paper with the scanner's faint grain
     * and a few specks of dust far from it.
     */
    public static BufferedImage onA4Page(BufferedImage receipt, double scale, int left, int top) {
        BufferedImage page = new BufferedImage(A4_WIDTH, A4_HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        var g = page.createGraphics();
        g.setColor(new Color(246, 246, 246));
        g.fillRect(0, 0, A4_WIDTH, A4_HEIGHT);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(
                receipt,
                left,
                top,
                (int) Math.round(receipt.getWidth() * scale),
                (int) Math.round(receipt.getHeight() * scale),
                null);
        Random random = new Random(7);
        g.setColor(new Color(90, 90, 90));
        for (int i = 0; i < 12; i++) {
            g.fillOval(random.nextInt(A4_WIDTH), 6200 + random.nextInt(700), 4, 4);
        }
        g.dispose();
        return page;
    }

    /** Lines printed in a monospaced Latin font, black on white, as a till prints an English receipt. */
    public static BufferedImage printed(List<String> lines) {
        int size = 26;
        int lineHeight = 38;
        BufferedImage image = new BufferedImage(720, 60 + lines.size() * lineHeight, BufferedImage.TYPE_BYTE_GRAY);
        var g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, size));
        for (int i = 0; i < lines.size(); i++) {
            g.drawString(lines.get(i), 30, 40 + i * lineHeight + size);
        }
        g.dispose();
        return image;
    }
}
