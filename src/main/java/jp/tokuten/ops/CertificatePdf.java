package jp.tokuten.ops;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The deletion certificate as a PDF (A4, IPA Gothic embedded, like the coupon posters): the lines a person
 * reads, and the signed statement and its signature in the document information ({@code TokutenStatement},
 * {@code TokutenSignature}, {@code TokutenKeyId}) for {@link DeletionCertificates#verify}.
 */
@Component
class CertificatePdf {

    static final String STATEMENT = "TokutenStatement";
    static final String SIGNATURE = "TokutenSignature";
    static final String KEY_ID = "TokutenKeyId";
    private static final float MARGIN = 48;

    private final Path font;

    CertificatePdf(
            @Value(
                            "${tokuten.ops.certificate-font:${tokuten.coupons.poster-font:/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf}}")
                    String font) {
        this.font = Path.of(font);
    }

    byte[] render(String title, List<String> lines, String statement, byte[] signature, String keyId) {
        if (!Files.isReadable(font)) {
            throw new IllegalStateException("The certificate font " + font + " is missing (fonts-ipafont-gothic)");
        }
        try (var doc = new PDDocument()) {
            var type = PDType0Font.load(doc, font.toFile());
            var info = doc.getDocumentInformation();
            info.setTitle(title);
            info.setCustomMetadataValue(STATEMENT, statement);
            info.setCustomMetadataValue(SIGNATURE, Base64.getEncoder().encodeToString(signature));
            info.setCustomMetadataValue(KEY_ID, keyId);
            var writer = new Writer(doc, type);
            writer.line(title, 20);
            writer.gap(10);
            for (String line : lines) {
                writer.wrapped(line, 10);
            }
            writer.close();
            var out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a certificate PDF carries for verification, or null when {@code pdf} is not one. */
    record Signed(String statement, byte[] signature, String keyId) {}

    static @Nullable Signed read(byte[] pdf) {
        try (var doc = Loader.loadPDF(pdf)) {
            var info = doc.getDocumentInformation();
            String statement = info.getCustomMetadataValue(STATEMENT);
            String signature = info.getCustomMetadataValue(SIGNATURE);
            String keyId = info.getCustomMetadataValue(KEY_ID);
            if (statement == null || signature == null || keyId == null) {
                return null;
            }
            return new Signed(statement, Base64.getDecoder().decode(signature), keyId);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Writes lines top to bottom, starting a new page when one is full. */
    private static final class Writer {
        private final PDDocument doc;
        private final PDType0Font font;
        private @Nullable PDPageContentStream cs;
        private float y;
        private float width;

        Writer(PDDocument doc, PDType0Font font) throws IOException {
            this.doc = doc;
            this.font = font;
            newPage();
        }

        private void newPage() throws IOException {
            close();
            var page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            width = page.getMediaBox().getWidth() - 2 * MARGIN;
            y = page.getMediaBox().getHeight() - MARGIN;
            cs = new PDPageContentStream(doc, page);
        }

        void gap(float points) {
            y -= points;
        }

        void line(String text, float size) throws IOException {
            if (y - size < MARGIN) {
                newPage();
            }
            y -= size * 1.4f;
            var c = cs;
            if (c == null) {
                return;
            }
            c.beginText();
            c.setFont(font, size);
            c.newLineAtOffset(MARGIN, y);
            c.showText(text);
            c.endText();
        }

        void wrapped(String text, float size) throws IOException {
            if (text.isEmpty()) {
                gap(size);
                return;
            }
            for (String part : wrap(text, size)) {
                line(part, size);
            }
        }

        private List<String> wrap(String text, float size) throws IOException {
            var out = new ArrayList<String>();
            var line = new StringBuilder();
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                String ch = new String(Character.toChars(cp));
                i += ch.length();
                String candidate = line + ch;
                if (!line.isEmpty() && font.getStringWidth(candidate) / 1000 * size > width) {
                    out.add(line.toString());
                    line.setLength(0);
                }
                line.append(ch);
            }
            if (!line.isEmpty()) {
                out.add(line.toString());
            }
            return out;
        }

        void close() throws IOException {
            if (cs != null) {
                cs.close();
                cs = null;
            }
        }
    }
}
