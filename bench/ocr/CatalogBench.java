import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.tokuten.files.PhotoIntake;
import jp.tokuten.ocr.OcrEngine;
import jp.tokuten.receipts.ReceiptReader;
import jp.tokuten.receipts.ReceiptReading;
import jp.tokuten.receipts.StoreCatalog;

/**
 * The accuracy harness with a tenant's store register as well as the campaign's store list (decision 102):
 * reads each receipt as the reading job does for a tenant whose stores (with their phone and registration
 * numbers) are known, and scores it as {@code OcrBench} does, with how each store was identified. A campaign
 * rarely lists phones; a tenant's store register (module {@code stores}, CSV import) does: this is that case.
 *
 * <pre>
 * ./bench/ocr/run-catalog --catalog bench/ocr/generated-store-register.csv [--stores bench/ocr/generated-stores.txt]
 *                         [--limit N] [--verbose] SET...
 * </pre>
 *
 * The register is CSV: {@code name,branch,phone,registration_number} with a header row; # lines are comments.
 */
public class CatalogBench {

    public static void main(String[] args) throws Exception {
        List<String> stores = List.of();
        List<StoreCatalog.Listed> register = new ArrayList<>();
        int limit = Integer.MAX_VALUE;
        boolean verbose = false;
        List<Path> sets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--stores" -> stores = Files.readAllLines(Path.of(args[++i])).stream()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .toList();
                case "--catalog" -> register = register(Path.of(args[++i]));
                case "--limit" -> limit = Integer.parseInt(args[++i]);
                case "--verbose" -> verbose = true;
                default -> sets.add(Path.of(args[i]));
            }
        }
        StoreCatalog catalog = StoreCatalog.of(register);
        ReceiptReader reader = new ReceiptReader(OcrEngine.tesseract().withLanguages(OcrEngine.JAPANESE));
        PhotoIntake intake = PhotoIntake.withDefaults();
        System.out.println("store register: " + register.size() + " stores, known stores: " + stores.size());
        for (Path set : sets) {
            List<OcrBench.Sample> samples = OcrBench.samples(set);
            if (samples.size() > limit) samples = samples.subList(0, limit);
            OcrBench.Score score = new OcrBench.Score();
            Map<String, Integer> identifiedBy = new TreeMap<>();
            for (OcrBench.Sample s : samples) {
                long t0 = System.nanoTime();
                BufferedImage image = intake.check(Files.readAllBytes(s.image())).image();
                ReceiptReading r = reader.read(List.of(image), stores, catalog);
                score.seconds.add((System.nanoTime() - t0) / 1e9);
                OcrBench.scoreReading(score, s.truth(), r, verbose ? s.truth().id() : null);
                var by = r.store().identifiedBy();
                identifiedBy.merge(by == null ? "none" : by.code(), 1, Integer::sum);
            }
            System.out.println();
            System.out.println("## " + set + " (" + samples.size() + " receipts, with the store register)");
            System.out.println();
            System.out.println("| field | tokuten |");
            System.out.println("|---|---|");
            for (String f : OcrBench.FIELDS) {
                if (score.hits.containsKey(f)) System.out.println("| " + f + " | " + score.pct(f) + " |");
            }
            System.out.printf(java.util.Locale.ROOT, "| p50 seconds per receipt | %.2f |%n", score.p50());
            System.out.println();
            System.out.println("store identified by: " + identifiedBy);
        }
    }

    static List<StoreCatalog.Listed> register(Path csv) throws Exception {
        List<StoreCatalog.Listed> out = new ArrayList<>();
        boolean header = true;
        for (String line : Files.readAllLines(csv)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            if (header) {
                header = false;
                continue;
            }
            String[] c = line.split(",", -1);
            out.add(new StoreCatalog.Listed(c[0].strip(), blank(c[1]), blank(c[2]), blank(c[3])));
        }
        return out;
    }

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
