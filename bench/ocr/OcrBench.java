import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import jp.tokuten.files.PhotoIntake;
import jp.tokuten.ocr.ImagePreparation;
import jp.tokuten.ocr.OcrEngine;
import jp.tokuten.receipts.ReceiptReader;
import jp.tokuten.receipts.ReceiptReading;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accuracy harness: reads every image of a labelled set with tokuten's reader and with plain tesseract,
 * and prints per-field accuracy and seconds per receipt side by side. See README.md.
 *
 * usage: OcrBench.java [--prep SCALE,CONTRAST,DESKEW,CROP|none] [--langs jpn+Japanese] [--stores FILE] [--limit N]
 *     [--no-baseline] [--verbose] [--raw] [--dump FILE.tsv] SET_DIR...
 *
 * <p>--raw reads without the fitted calibration (the evidence scores it is fitted on); --dump appends one
 * row per receipt and field (set, id, field, confidence, right) for fitting it (bench/ocr/Calibrate.java).
 */
public class OcrBench {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Fields whose confidence is reported (precision and coverage at {@link #SURE}, reliability table). */
    static final String[] SURE_FIELDS = {"date", "total", "store", "registration", "phone"};
    /** The confidence judgement decides on (docs/decisions/105). */
    static final double SURE = 0.9;
    static final double[] BINS = {0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 1.0001};
    static java.io.PrintStream dump;
    static String currentSet = "";
    static final String[] FIELDS = {"date", "time", "total", "store", "registration", "phone", "items.names", "items.amounts"};

    record Sample(Path image, Truth truth) {}

    record Truth(
            String id,
            LocalDate date,
            String time,
            java.math.BigDecimal total,
            String store,
            String registration,
            String phone,
            List<String> itemNames,
            List<java.math.BigDecimal> itemAmounts,
            String totalText) {}

    static final class Score {
        final Map<String, int[]> hits = new TreeMap<>(); // field -> {correct, total}
        final List<Double> seconds = new ArrayList<>();
        /** Per field, (confidence, correct) of every receipt the field applies to; confidence 0 when not read. */
        final Map<String, List<double[]>> sure = new TreeMap<>();

        void addSure(String field, boolean applicable, Double confidence, boolean correct) {
            if (!applicable) return;
            sure.computeIfAbsent(field, k -> new ArrayList<>()).add(new double[] {confidence == null ? 0 : confidence, correct ? 1 : 0});
        }

        /** {coverage, precision, n covered} at confidence >= threshold. */
        double[] at(String field, double threshold) {
            List<double[]> rows = sure.getOrDefault(field, List.of());
            int covered = 0;
            int right = 0;
            for (double[] r : rows) {
                if (r[0] >= threshold) {
                    covered++;
                    right += (int) r[1];
                }
            }
            return new double[] {rows.isEmpty() ? 0 : (double) covered / rows.size(), covered == 0 ? Double.NaN : (double) right / covered, covered};
        }

        void add(String field, boolean applicable, boolean correct) {
            if (!applicable) return;
            int[] h = hits.computeIfAbsent(field, k -> new int[2]);
            h[1]++;
            if (correct) h[0]++;
        }

        void addFraction(String field, int correct, int total) {
            int[] h = hits.computeIfAbsent(field, k -> new int[2]);
            h[0] += correct;
            h[1] += total;
        }

        String pct(String field) {
            int[] h = hits.get(field);
            return h == null || h[1] == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100.0 * h[0] / h[1]);
        }

        double mean() {
            return seconds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }

        double p50() {
            List<Double> s = new ArrayList<>(seconds);
            s.sort(null);
            return s.isEmpty() ? 0 : s.get(s.size() / 2);
        }
    }

    public static void main(String[] args) throws Exception {
        Set<ImagePreparation> prep = ImagePreparation.DEFAULT;
        int limit = Integer.MAX_VALUE;
        boolean baseline = true;
        boolean verbose = false;
        boolean raw = false;
        String langs = OcrEngine.JAPANESE;
        List<String> stores = List.of();
        List<Path> sets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--prep" -> {
                    String v = args[++i];
                    prep = v.equals("none") ? Set.of() : EnumSet.noneOf(ImagePreparation.class);
                    if (!v.equals("none")) for (String p : v.split(",")) prep.add(ImagePreparation.valueOf(p));
                }
                case "--langs" -> langs = args[++i];
                case "--stores" -> stores = Files.readAllLines(Path.of(args[++i])).stream()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .toList();
                case "--limit" -> limit = Integer.parseInt(args[++i]);
                case "--no-baseline" -> baseline = false;
                case "--verbose" -> verbose = true;
                case "--dump" -> dump = new java.io.PrintStream(new java.io.FileOutputStream(args[++i], true), true, StandardCharsets.UTF_8);
                case "--raw" -> raw = true;
                default -> sets.add(Path.of(args[i]));
            }
        }
        OcrEngine engine = OcrEngine.tesseract().withPreparation(prep).withLanguages(langs);
        ReceiptReader reader = raw ? ReceiptReader.uncalibrated(engine) : new ReceiptReader(engine);
        PhotoIntake intake = PhotoIntake.withDefaults();
        System.out.println("preparation: " + prep + ", languages: " + langs
                + (stores.isEmpty() ? "" : ", known stores: " + stores.size()));
        for (Path set : sets) {
            List<Sample> samples = samples(set);
            if (samples.size() > limit) samples = samples.subList(0, limit);
            currentSet = set.getFileName().toString();
            Score ours = new Score();
            Score plain = new Score();
            for (Sample s : samples) {
                long t0 = System.nanoTime();
                BufferedImage image = intake.check(Files.readAllBytes(s.image())).image();
                ReceiptReading r;
                try {
                    r = reader.read(List.of(image), stores);
                } catch (jp.tokuten.ocr.OcrException e) {
                    // the engine gave up (60 s): nothing read, every field counts as wrong
                    System.err.println(s.truth().id() + " not read: " + e.getMessage());
                    r = new ReceiptReading(new ReceiptReading.Store(null, null, null, null), null, null, List.of(),
                            List.of(), null, List.of(), null, null, null, null, null, Map.of());
                }
                ours.seconds.add((System.nanoTime() - t0) / 1e9);
                scoreReading(ours, s.truth(), r, verbose ? s.truth().id() : null);
                if (baseline) {
                    long t1 = System.nanoTime();
                    String text = plainTesseract(s.image());
                    plain.seconds.add((System.nanoTime() - t1) / 1e9);
                    scoreText(plain, s.truth(), text);
                }
            }
            System.out.println();
            System.out.println("## " + set + " (" + samples.size() + " receipts)");
            System.out.println();
            System.out.println("| field | tokuten | plain tesseract (value anywhere in its text) |");
            System.out.println("|---|---|---|");
            for (String f : FIELDS) {
                if (!ours.hits.containsKey(f)) continue;
                System.out.println("| " + f + " | " + ours.pct(f) + " | " + (baseline ? plain.pct(f) : "-") + " |");
            }
            System.out.printf(
                    Locale.ROOT,
                    "| p50 seconds per receipt | %.2f | %s |%n",
                    ours.p50(),
                    baseline ? String.format(Locale.ROOT, "%.2f", plain.p50()) : "-");
            System.out.printf(
                    Locale.ROOT,
                    "| mean seconds per receipt | %.2f | %s |%n",
                    ours.mean(),
                    baseline ? String.format(Locale.ROOT, "%.2f", plain.mean()) : "-");
            System.out.println();
            System.out.printf(Locale.ROOT, "| field | accuracy | coverage at ≥ %.2f | precision at ≥ %.2f |%n", SURE, SURE);
            System.out.println("|---|---|---|---|");
            for (String f : SURE_FIELDS) {
                if (!ours.sure.containsKey(f)) continue;
                double[] a = ours.at(f, SURE);
                System.out.printf(Locale.ROOT, "| %s | %s | %.1f%% (%d of %d) | %s |%n", f, ours.pct(f), 100 * a[0], (int) a[2],
                        ours.sure.get(f).size(), Double.isNaN(a[1]) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * a[1]));
            }
            System.out.println();
            System.out.println("Reliability (receipts, mean confidence → share right), per confidence band:");
            System.out.println();
            StringBuilder head = new StringBuilder("| field |");
            StringBuilder rule = new StringBuilder("|---|");
            for (int b = 0; b + 1 < BINS.length; b++) {
                head.append(String.format(Locale.ROOT, " %.2f–%.2f |", BINS[b], Math.min(1, BINS[b + 1])));
                rule.append("---|");
            }
            System.out.println(head);
            System.out.println(rule);
            for (String f : SURE_FIELDS) {
                List<double[]> rows = ours.sure.get(f);
                if (rows == null) continue;
                StringBuilder line = new StringBuilder("| " + f + " |");
                for (int b = 0; b + 1 < BINS.length; b++) {
                    int n = 0;
                    double conf = 0;
                    int right = 0;
                    for (double[] r : rows) {
                        if (r[0] >= BINS[b] && r[0] < BINS[b + 1]) {
                            n++;
                            conf += r[0];
                            right += (int) r[1];
                        }
                    }
                    line.append(n == 0 ? " - |" : String.format(Locale.ROOT, " %d: %.2f → %.0f%% |", n, conf / n, 100.0 * right / n));
                }
                System.out.println(line);
            }
        }
    }

    // ---- scoring ------------------------------------------------------------------------------

    static void scoreReading(Score score, Truth t, ReceiptReading r, String verboseId) {
        String set = currentSet;
        String at = r.purchasedAt();
        LocalDate date = at == null ? null : LocalDate.parse(at.substring(0, 10));
        String time = at != null && at.length() > 10 ? at.substring(11) : null;
        boolean dateOk = t.date() != null && t.date().equals(date);
        score.add("date", t.date() != null, dateOk);
        boolean timeOk = t.time() != null && time != null && time.startsWith(t.time());
        score.add("time", t.time() != null, timeOk);
        boolean totalOk = t.total() != null && r.total() != null && t.total().compareTo(r.total()) == 0;
        score.add("total", t.total() != null, totalOk);
        boolean storeOk = t.store() != null && r.store().name() != null && similarity(norm(t.store()), norm(r.store().name())) >= 0.8;
        score.add("store", t.store() != null, storeOk);
        boolean registrationOk = t.registration() != null && t.registration().equals(r.store().registrationNumber());
        score.add("registration", t.registration() != null, registrationOk);
        boolean phoneOk = t.phone() != null && r.store().phone() != null && digits(t.phone()).equals(digits(r.store().phone()));
        score.add("phone", t.phone() != null, phoneOk);
        Map<String, Double> c = r.confidence();
        score.addSure("date", t.date() != null, date == null ? null : c.get("purchasedAt"), dateOk);
        score.addSure("total", t.total() != null, r.total() == null ? null : c.get("total"), totalOk);
        score.addSure("store", t.store() != null, r.store().name() == null ? null : c.get("store.name"), storeOk);
        score.addSure("registration", t.registration() != null, r.store().registrationNumber() == null ? null : c.get("store.registrationNumber"), registrationOk);
        score.addSure("phone", t.phone() != null, r.store().phone() == null ? null : c.get("store.phone"), phoneOk);
        if (dump != null) {
            if (t.date() != null) dump.printf(Locale.ROOT, "%s\t%s\tdate\t%s\t%d%n", set, t.id(), c.get("purchasedAt"), dateOk ? 1 : 0);
            if (t.total() != null) dump.printf(Locale.ROOT, "%s\t%s\ttotal\t%s\t%d\t%s\t%s%n", set, t.id(), c.get("total"), totalOk ? 1 : 0, r.total(), t.total());
            if (t.store() != null) dump.printf(Locale.ROOT, "%s\t%s\tstore\t%s\t%d%n", set, t.id(), c.get("store.name"), storeOk ? 1 : 0);
            if (t.registration() != null) dump.printf(Locale.ROOT, "%s\t%s\tregistration\t%s\t%d%n", set, t.id(), c.get("store.registrationNumber"), registrationOk ? 1 : 0);
            if (t.phone() != null) dump.printf(Locale.ROOT, "%s\t%s\tphone\t%s\t%d%n", set, t.id(), c.get("store.phone"), phoneOk ? 1 : 0);
            dump.flush();
        }
        if (!t.itemNames().isEmpty()) {
            List<ReceiptReading.Item> left = new ArrayList<>(r.items());
            int names = 0;
            int amounts = 0;
            for (int i = 0; i < t.itemNames().size(); i++) {
                String want = norm(t.itemNames().get(i));
                ReceiptReading.Item best = null;
                double bestSim = 0;
                for (ReceiptReading.Item item : left) {
                    double sim = similarity(want, norm(item.name()));
                    if (sim > bestSim) {
                        bestSim = sim;
                        best = item;
                    }
                }
                if (best != null && bestSim >= 0.7) {
                    names++;
                    java.math.BigDecimal a = t.itemAmounts().get(i);
                    if (a != null && a.compareTo(best.amount()) == 0) amounts++;
                    left.remove(best);
                }
            }
            score.addFraction("items.names", names, t.itemNames().size());
            score.addFraction("items.amounts", amounts, t.itemNames().size());
        }
        if (verboseId != null) {
            System.err.printf(
                    "%s date=%s time=%s total=%s(%s vs %s @%s) store=%s(%s) reg=%s items=%d/%d%n",
                    verboseId, dateOk, timeOk, totalOk, r.total(), t.total(), c.get("total"), storeOk, r.store().name(),
                    r.store().registrationNumber(), r.items().size(), t.itemNames().size());
        }
    }

    static void scoreText(Score score, Truth t, String text) {
        String n = norm(text);
        if (t.date() != null) {
            LocalDate d = t.date();
            List<String> forms = List.of(
                    d.toString(),
                    d.toString().replace('-', '/'),
                    d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日",
                    String.format("%02d/%02d/%d", d.getDayOfMonth(), d.getMonthValue(), d.getYear()),
                    String.format("%02d/%02d/%02d", d.getDayOfMonth(), d.getMonthValue(), d.getYear() % 100),
                    String.format("%02d-%02d-%d", d.getDayOfMonth(), d.getMonthValue(), d.getYear()),
                    String.format("%02d.%02d.%d", d.getDayOfMonth(), d.getMonthValue(), d.getYear()));
            score.add("date", true, forms.stream().anyMatch(n::contains));
        }
        if (t.time() != null) score.add("time", true, n.contains(t.time().substring(0, 5)));
        if (t.total() != null) {
            String plainNumber = t.total().toPlainString();
            String grouped = String.format(Locale.ROOT, "%,d", t.total().longValue());
            boolean found = t.totalText() != null && n.contains(norm(t.totalText()).replace("RM", ""))
                    || t.total().scale() <= 0 && (n.contains(grouped) || n.matches("(?s).*(?<![\\d,])" + plainNumber + "(?![\\d,]).*"));
            score.add("total", true, found);
        }
        if (t.store() != null) {
            String s = norm(t.store());
            boolean found = n.contains(s) || text.lines().anyMatch(l -> similarity(norm(l), s) >= 0.8);
            score.add("store", true, found);
        }
        if (t.registration() != null) score.add("registration", true, n.contains(t.registration()));
        if (t.phone() != null) score.add("phone", true, n.contains(t.phone()));
        if (!t.itemNames().isEmpty()) {
            int names = 0;
            int amounts = 0;
            List<String> lines = text.lines().map(OcrBench::norm).toList();
            for (int i = 0; i < t.itemNames().size(); i++) {
                String want = norm(t.itemNames().get(i));
                String line = lines.stream().filter(l -> l.contains(want)).findFirst().orElse(null);
                if (line != null) {
                    names++;
                    java.math.BigDecimal a = t.itemAmounts().get(i);
                    if (a != null && (line.endsWith(String.format(Locale.ROOT, "%,d", a.longValue())) || line.endsWith(a.toPlainString()))) amounts++;
                }
            }
            score.addFraction("items.names", names, t.itemNames().size());
            score.addFraction("items.amounts", amounts, t.itemNames().size());
        }
    }

    static String plainTesseract(Path image) throws Exception {
        ProcessBuilder b = new ProcessBuilder("tesseract", image.toString(), "stdout", "-l", "jpn+eng")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        b.environment().put("OMP_THREAD_LIMIT", "1");
        Process p = b.start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(120, TimeUnit.SECONDS);
        return new String(out, StandardCharsets.UTF_8);
    }

    static String norm(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
    }

    static String digits(String s) {
        return s.replaceAll("\\D", "");
    }

    static double similarity(String a, String b) {
        if (a.isEmpty() && b.isEmpty()) return 1;
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] x = prev;
            prev = cur;
            cur = x;
        }
        return 1.0 - (double) prev[b.length()] / Math.max(a.length(), b.length());
    }

    // ---- labelled sets ----------------------------------------------------------------------

    /** JOMB (images + ../truth/ID_source.json), SROIE (img/ + truth/), or our generated set (IMAGE + IMAGE.json). */
    static List<Sample> samples(Path set) throws Exception {
        List<Sample> out = new ArrayList<>();
        if (Files.isDirectory(set.resolve("img")) && Files.isDirectory(set.resolve("truth"))) {
            try (var files = Files.list(set.resolve("img"))) {
                for (Path img : files.sorted().toList()) {
                    String id = img.getFileName().toString().replaceAll("\\.[a-z]+$", "");
                    Path truth = set.resolve("truth").resolve(id + ".json");
                    if (Files.exists(truth)) out.add(new Sample(img, sroie(id, JSON.readTree(truth.toFile()))));
                }
            }
            return out;
        }
        Path jombTruth = set.getParent() == null ? null : set.getParent().resolve("truth");
        try (var files = Files.list(set)) {
            for (Path img : files.sorted().toList()) {
                String name = img.getFileName().toString();
                if (!name.matches(".*\\.(png|jpe?g|webp)$")) continue;
                Path own = img.resolveSibling(name.replaceAll("\\.[a-z]+$", "") + ".json");
                if (Files.exists(own)) {
                    out.add(new Sample(img, jomb(JSON.readTree(own.toFile()))));
                } else if (jombTruth != null) {
                    String id = name.replaceAll("_(clean|noisy)\\.png$", "");
                    Path truth = jombTruth.resolve(id + "_source.json");
                    if (Files.exists(truth)) out.add(new Sample(img, jomb(JSON.readTree(truth.toFile()))));
                }
            }
        }
        return out;
    }

    static Truth jomb(JsonNode j) {
        List<String> names = new ArrayList<>();
        List<java.math.BigDecimal> amounts = new ArrayList<>();
        for (JsonNode item : j.path("items")) {
            names.add(item.path("name").asString());
            amounts.add(item.path("amount").decimalValue());
        }
        return new Truth(
                j.path("document_id").asString(""),
                j.hasNonNull("date") ? LocalDate.parse(j.path("date").asString()) : null,
                j.hasNonNull("time") ? j.path("time").asString() : null,
                j.hasNonNull("total") ? j.path("total").decimalValue() : null,
                j.hasNonNull("store_name") ? j.path("store_name").asString() : null,
                j.hasNonNull("invoice_registration_number") ? j.path("invoice_registration_number").asString() : null,
                j.hasNonNull("phone") ? j.path("phone").asString() : null,
                names,
                amounts,
                null);
    }

    static Truth sroie(String id, JsonNode j) {
        String totalText = j.path("total").asString("").trim();
        java.math.BigDecimal total = null;
        String digits = totalText.replaceAll("[^0-9.]", "");
        if (!digits.isEmpty()) total = new java.math.BigDecimal(digits);
        LocalDate date = null;
        var m = java.util.regex.Pattern.compile("(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{2,4})").matcher(j.path("date").asString(""));
        if (m.find()) {
            int y = Integer.parseInt(m.group(3));
            try {
                date = LocalDate.of(y < 100 ? 2000 + y : y, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
            } catch (Exception ignored) {
            }
        } else {
            var m2 = java.util.regex.Pattern.compile("(\\d{1,2})\\s*([A-Za-z]{3})[a-z]*\\s*(\\d{4})").matcher(j.path("date").asString(""));
            if (m2.find()) {
                int month = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
                        .indexOf(m2.group(2).toUpperCase(Locale.ROOT)) + 1;
                if (month > 0) date = LocalDate.of(Integer.parseInt(m2.group(3)), month, Integer.parseInt(m2.group(1)));
            }
        }
        return new Truth(id, date, null, total, j.path("company").asString(null), null, null, List.of(), List.of(), totalText);
    }
}
