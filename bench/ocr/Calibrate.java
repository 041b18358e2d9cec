import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fits the confidence calibration (decision 105) from the rows `OcrBench.java --raw --dump FILE` writes:
 * per field and script, isotonic regression (pool adjacent violators) of "read right" on the evidence
 * score, blocks of fewer than MIN_BLOCK receipts pooled with their neighbour, and each block's probability
 * estimated as (right + 1) / (n + 2), so a block of 30 right of 30 says 0.97, not 1. Rows without truth
 * are not dumped. Prints the table for
 * src/main/resources/receipts/calibration.tsv.
 *
 * usage: Calibrate.java DUMP.tsv...                (fit; rows of sets named sroie* count as Latin script,
 *                                                  others as Japanese; POOLED fields are fitted on both, "any")
 *        Calibrate.java --apply TABLE.tsv DUMP.tsv... (figures of a fitted table on other sets' raw dumps)
 */
public class Calibrate {

    static final int MIN_BLOCK = 5;
    static final Map<String, String> KEYS = Map.of(
            "date", "purchasedAt",
            "total", "total",
            "store", "store.name",
            "registration", "store.registrationNumber",
            "phone", "store.phone");

    /**
     * Fields fitted on both scripts together (script "any"). None: the same evidence is not as reliable
     * abroad (the SROIE receipts' OCR is poorer, and their truth is the rounded total on some receipts and
     * the unrounded on others), so each script has its own curves.
     */
    static final java.util.Set<String> POOLED = java.util.Set.of();

    record Block(double from, double to, int n, int right) {
        double probability() {
            return (right + 1.0) / (n + 2.0);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[0].equals("--apply")) {
            apply(Path.of(args[1]), List.of(args).subList(2, args.length));
            return;
        }
        Map<String, List<double[]>> rows = new TreeMap<>();
        for (String file : args) {
            for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length < 5 || f[3].equals("null") || !KEYS.containsKey(f[2])) continue;
                String script = POOLED.contains(f[2]) ? "any" : f[0].startsWith("sroie") ? "latin" : "japanese";
                rows.computeIfAbsent(KEYS.get(f[2]) + "\t" + script, k -> new ArrayList<>())
                        .add(new double[] {Double.parseDouble(f[3]), Double.parseDouble(f[4])});
            }
        }
        System.out.println("# field\tscript\tscore from\tprobability\treceipts\tright   (bench/ocr/Calibrate.java; decision 105)");
        for (var e : rows.entrySet()) {
            for (Block b : fit(e.getValue())) {
                System.out.printf(Locale.ROOT, "%s\t%.2f\t%.3f\t%d\t%d%n", e.getKey(), b.from(), b.probability(), b.n(), b.right());
            }
        }
    }

    /**
     * Applies a fitted table to raw dumps of sets it was not fitted on, as the reader does (the step a score
     * falls on; below the first step the score itself, at most that step's probability), and prints per set
     * and field: accuracy, coverage and precision at a confidence of 0.9, and a reliability table.
     */
    static void apply(Path table, List<String> dumps) throws Exception {
        Map<String, List<double[]>> curves = new TreeMap<>();
        for (String line : Files.readAllLines(table, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t");
            curves.computeIfAbsent(f[0] + " " + f[1], k -> new ArrayList<>())
                    .add(new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3])});
        }
        Map<String, List<double[]>> bySetField = new TreeMap<>();
        for (String file : dumps) {
            for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length < 5 || !KEYS.containsKey(f[2])) continue;
                String script = f[0].startsWith("sroie") ? "latin" : "japanese";
                double p = 0;
                if (!f[3].equals("null")) {
                    double score = Double.parseDouble(f[3]);
                    List<double[]> steps = curves.getOrDefault(KEYS.get(f[2]) + " " + script, curves.get(KEYS.get(f[2]) + " any"));
                    p = score;
                    if (steps != null) {
                        p = score + 1e-9 < steps.getFirst()[0] ? Math.min(score, steps.getFirst()[1]) : steps.getFirst()[1];
                        for (double[] st : steps) if (score + 1e-9 >= st[0]) p = st[1];
                    }
                }
                bySetField.computeIfAbsent(f[0] + "\t" + f[2], k -> new ArrayList<>()).add(new double[] {p, Double.parseDouble(f[4])});
            }
        }
        double[] bins = {0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 1.0001};
        System.out.println("| set | field | accuracy | coverage at ≥ 0.9 | precision at ≥ 0.9 | reliability: receipts, mean confidence → share right, per band 0–.5 / .5–.7 / .7–.8 / .8–.9 / .9–.95 / .95–.98 / .98–1 |");
        System.out.println("|---|---|---|---|---|---|");
        for (var e : bySetField.entrySet()) {
            List<double[]> rows = e.getValue();
            int right = 0, covered = 0, coveredRight = 0;
            for (double[] r : rows) {
                right += (int) r[1];
                if (r[0] >= 0.9) {
                    covered++;
                    coveredRight += (int) r[1];
                }
            }
            StringBuilder rel = new StringBuilder();
            for (int b = 0; b + 1 < bins.length; b++) {
                int n = 0, ok = 0;
                double c = 0;
                for (double[] r : rows) {
                    if (r[0] >= bins[b] && r[0] < bins[b + 1]) {
                        n++;
                        ok += (int) r[1];
                        c += r[0];
                    }
                }
                rel.append(b == 0 ? "" : " / ").append(n == 0 ? "–" : String.format(Locale.ROOT, "%d: %.2f → %.0f%%", n, c / n, 100.0 * ok / n));
            }
            System.out.printf(Locale.ROOT, "| %s | %.1f%% | %.1f%% (%d of %d) | %s | %s |%n", e.getKey().replace("\t", " | "),
                    100.0 * right / rows.size(), 100.0 * covered / rows.size(), covered, rows.size(),
                    covered == 0 ? "–" : String.format(Locale.ROOT, "%.1f%%", 100.0 * coveredRight / covered), rel);
        }
    }

    static List<Block> fit(List<double[]> points) {
        points.sort((a, b) -> Double.compare(a[0], b[0]));
        // one block per distinct score, then pool adjacent violators
        List<Block> blocks = new ArrayList<>();
        for (double[] p : points) {
            if (!blocks.isEmpty() && blocks.getLast().to() == p[0]) {
                Block last = blocks.removeLast();
                blocks.add(new Block(last.from(), p[0], last.n() + 1, last.right() + (int) p[1]));
            } else {
                blocks.add(new Block(p[0], p[0], 1, (int) p[1]));
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i + 1 < blocks.size(); i++) {
                Block a = blocks.get(i);
                Block b = blocks.get(i + 1);
                boolean violates = (double) a.right() / a.n() >= (double) b.right() / b.n();
                boolean small = a.n() < MIN_BLOCK || (i + 2 == blocks.size() && b.n() < MIN_BLOCK);
                if (violates || small) {
                    blocks.set(i, new Block(a.from(), b.to(), a.n() + b.n(), a.right() + b.right()));
                    blocks.remove(i + 1);
                    changed = true;
                    break;
                }
            }
        }
        // the lowest block starts at the lowest score seen: below it, Calibration trusts no more than the
        // score itself (no data there says a lower score is as good)
        return blocks;
    }
}
