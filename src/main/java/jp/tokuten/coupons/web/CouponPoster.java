package jp.tokuten.coupons.web;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jp.tokuten.coupons.Benefit;
import jp.tokuten.coupons.CouponView;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.QrCodes;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * A coupon's printable poster: one A4 page with the title, the benefit, the validity, a large QR code of
 * the coupon's public URL and a line telling shoppers to scan it (decision 112). Japanese text needs a
 * Japanese font embedded in the PDF: IPA Gothic ({@code fonts-ipafont-gothic}, which {@code ./tokuten}
 * installs), or the TrueType font at {@code tokuten.coupons.poster-font}; without one the answer is 503
 * {@code poster_font_missing}.
 */
@Component
class CouponPoster {

    private static final float MARGIN = 56;

    private final Path font;
    private final MessageSource messages;

    CouponPoster(
            @Value("${tokuten.coupons.poster-font:/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf}") String font,
            MessageSource messages) {
        this.font = Path.of(font);
        this.messages = messages;
    }

    byte[] pdf(CouponView coupon, String url, Locale locale) {
        if (!Files.isReadable(font)) {
            throw new ProblemException(503, "poster_font_missing");
        }
        try (var doc = new PDDocument()) {
            var page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            var type = PDType0Font.load(doc, font.toFile());
            float width = page.getMediaBox().getWidth();
            float height = page.getMediaBox().getHeight();
            float textWidth = width - 2 * MARGIN;
            try (var cs = new PDPageContentStream(doc, page)) {
                cs.setNonStrokingColor(0.85f, 0.1f, 0.2f);
                cs.addRect(0, height - 18, width, 18);
                cs.fill();
                cs.setNonStrokingColor(0f, 0f, 0f);
                float y = height - MARGIN - 20;
                for (String line : wrap(type, coupon.title(), 26, textWidth)) {
                    y = centred(cs, type, line, 26, width, y);
                }
                y -= 18;
                cs.setNonStrokingColor(0.85f, 0.1f, 0.2f);
                for (String line : wrap(type, benefit(coupon.benefit(), locale), 44, textWidth)) {
                    y = centred(cs, type, line, 44, width, y);
                }
                cs.setNonStrokingColor(0f, 0f, 0f);
                y -= 8;
                y = centred(cs, type, validity(coupon, locale), 14, width, y);
                float side = 260;
                var qr = LosslessFactory.createFromImage(doc, qr(url));
                y -= side + 16;
                cs.drawImage(qr, (width - side) / 2, y, side, side);
                y -= 16;
                for (String line : wrap(type, message("coupon.poster.scan", locale), 16, textWidth)) {
                    y = centred(cs, type, line, 16, width, y);
                }
                y -= 4;
                for (String line : wrap(type, url, 9, textWidth)) {
                    y = centred(cs, type, line, 9, width, y);
                }
                if (!coupon.terms().isBlank()) {
                    y -= 14;
                    for (String paragraph : coupon.terms().split("\\R")) {
                        for (String line : wrap(type, paragraph, 9, textWidth)) {
                            if (y < MARGIN) {
                                break;
                            }
                            cs.beginText();
                            cs.setFont(type, 9);
                            cs.newLineAtOffset(MARGIN, y);
                            cs.showText(line);
                            cs.endText();
                            y -= 13;
                        }
                    }
                }
            }
            var out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String benefit(Benefit b, Locale locale) {
        return switch (b.type()) {
            case AMOUNT_OFF -> message("coupon.benefit.amount_off", locale, b.amount());
            case PERCENT_OFF -> message("coupon.benefit.percent_off", locale, b.percent());
            case FREE_ITEM, GIFT, TEXT -> b.text();
        };
    }

    private String validity(CouponView c, Locale locale) {
        if (c.validDays() != null) {
            return message("coupon.poster.days", locale, c.validDays());
        }
        var f = DateTimeFormatter.ofPattern(message("coupon.poster.date", locale), locale);
        return message("coupon.poster.period", locale, f.format(c.validFrom()), f.format(c.validTo()));
    }

    private String message(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    /** Writes one line centred and returns the baseline of the next. */
    private static float centred(
            PDPageContentStream cs, PDType0Font font, String line, float size, float width, float y)
            throws IOException {
        float w = font.getStringWidth(line) / 1000 * size;
        cs.beginText();
        cs.setFont(font, size);
        cs.newLineAtOffset((width - w) / 2, y);
        cs.showText(line);
        cs.endText();
        return y - size * 1.35f;
    }

    /** Breaks text into lines no wider than {@code max}, between any two characters (Japanese has no spaces). */
    static List<String> wrap(PDType0Font font, String text, float size, float max) throws IOException {
        var lines = new ArrayList<String>();
        var line = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            i += Character.charCount(cp);
            if (cp < 0x20) {
                continue;
            }
            try {
                font.getStringWidth(ch);
            } catch (IllegalArgumentException noGlyph) {
                ch = "〓";
            }
            String candidate = line + ch;
            if (!line.isEmpty() && font.getStringWidth(candidate) / 1000 * size > max) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(ch);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** The QR code of {@code content}, black on white, with a quiet zone of 4 modules. */
    static BufferedImage qr(String content) {
        return QrCodes.image(content, 600, 4, ErrorCorrectionLevel.M);
    }
}
