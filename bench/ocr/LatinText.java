import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jp.tokuten.files.PhotoIntake;
import jp.tokuten.ocr.ImagePreparation;
import jp.tokuten.ocr.OcrEngine;
import jp.tokuten.ocr.OcrLine;
import jp.tokuten.ocr.OcrText;
import jp.tokuten.receipts.ReceiptReader;
import jp.tokuten.receipts.ReceiptReading;

/**
 * Latin-script receipts without reading them again: {@code --read CACHE SET...} keeps the text the reader's
 * Latin path reads (the whole page with {@code jpn+eng}, default preparation) under CACHE/SET/ID.tsv
 * (confidence, left, top, width, height, text per line; keep CACHE under target/: it is derived from the
 * labelled sets, which stay out of the repository); {@code --parse CACHE [--dump FILE] SET...} parses the
 * kept text as the reader does and prints per receipt the total read, its evidence score and the truth,
 * then total and date accuracy and the receipts per evidence score. Milliseconds instead of minutes per
 * set, for work on the parser's rules (the figures to report still come from ./bench/ocr/run).
 */
public class LatinText {

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path cache = Path.of(args[1]);
        java.io.PrintStream dump = null;
        boolean quiet = false;
        List<Path> sets = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--dump" -> dump = new java.io.PrintStream(
                        new java.io.FileOutputStream(args[++i], true), true, StandardCharsets.UTF_8);
                case "--quiet" -> quiet = true;
                default -> sets.add(Path.of(args[i]));
            }
        }
        if (mode.equals("--read")) {
            OcrEngine engine = OcrEngine.tesseract().withPreparation(ImagePreparation.DEFAULT);
            OcrEngine latin = engine.withLanguages(OcrEngine.LATIN_AND_JAPANESE);
            PhotoIntake intake = PhotoIntake.withDefaults();
            for (Path set : sets) {
                Path out = cache.resolve(set.getFileName().toString());
                Files.createDirectories(out);
                for (OcrBench.Sample s : OcrBench.samples(set)) {
                    Path file = out.resolve(s.truth().id() + ".tsv");
                    if (Files.exists(file)) continue;
                    BufferedImage image = intake.check(Files.readAllBytes(s.image())).image();
                    OcrText text = latin.read(engine.prepare(image));
                    StringBuilder b = new StringBuilder();
                    for (OcrLine l : text.lines()) {
                        b.append(String.format(Locale.ROOT, "%.4f\t%d\t%d\t%d\t%d\t%s%n", l.confidence(), l.left(),
                                l.top(), l.width(), l.height(), l.text().replace('\t', ' ').replace('\n', ' ')));
                    }
                    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
                    System.err.println(set.getFileName() + "/" + s.truth().id());
                }
            }
            return;
        }
        for (Path set : sets) {
            Path in = cache.resolve(set.getFileName().toString());
            int n = 0, totals = 0, totalsRight = 0, dates = 0, datesRight = 0;
            Map<Double, int[]> byScore = new TreeMap<>();
            for (OcrBench.Sample s : OcrBench.samples(set)) {
                Path file = in.resolve(s.truth().id() + ".tsv");
                if (!Files.exists(file)) continue;
                List<OcrLine> lines = new ArrayList<>();
                for (String row : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] f = row.split("\t", 6);
                    lines.add(new OcrLine(f.length > 5 ? f[5] : "", Double.parseDouble(f[0]), Integer.parseInt(f[1]),
                            Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4])));
                }
                ReceiptReading r = ReceiptReader.parse(List.of(new OcrText(lines)));
                n++;
                var t = s.truth();
                boolean totalOk = t.total() != null && r.total() != null && t.total().compareTo(r.total()) == 0;
                Double score = r.confidence().get("total");
                if (t.total() != null) {
                    totals++;
                    if (totalOk) totalsRight++;
                    if (r.total() != null) {
                        byScore.computeIfAbsent(score, k -> new int[2])[totalOk ? 1 : 0]++;
                    }
                }
                String at = r.purchasedAt();
                boolean dateOk = t.date() != null && at != null && t.date().toString().equals(at.substring(0, 10));
                if (t.date() != null) {
                    dates++;
                    if (dateOk) datesRight++;
                }
                if (!quiet) {
                    System.out.printf(Locale.ROOT, "%s\t%s\t%s\t%s\t%s\t%s%n", t.id(), totalOk ? "ok" : "WRONG",
                            r.total(), t.total(), score, r.confidence().get("purchasedAt"));
                }
                if (dump != null) {
                    String set1 = set.getFileName().toString();
                    if (t.date() != null) dump.printf(Locale.ROOT, "%s\t%s\tdate\t%s\t%d%n", set1, t.id(), r.confidence().get("purchasedAt"), dateOk ? 1 : 0);
                    if (t.total() != null) dump.printf(Locale.ROOT, "%s\t%s\ttotal\t%s\t%d\t%s\t%s%n", set1, t.id(), score, totalOk ? 1 : 0, r.total(), t.total());
                }
            }
            System.out.printf(Locale.ROOT, "## %s: %d receipts, total %d/%d (%.1f%%), date %d/%d (%.1f%%)%n",
                    set.getFileName(), n, totalsRight, totals, 100.0 * totalsRight / Math.max(1, totals), datesRight, dates,
                    100.0 * datesRight / Math.max(1, dates));
            for (var e : byScore.entrySet()) {
                int[] c = e.getValue();
                System.out.printf(Locale.ROOT, "   score %s: %d receipts, %d right%n", e.getKey(), c[0] + c[1], c[1]);
            }
        }
    }
}
