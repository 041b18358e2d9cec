import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import jp.tokuten.ocr.OcrEngine;
import jp.tokuten.ocr.OcrLine;
import jp.tokuten.ocr.OcrText;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feasibility study (issue 11, decision 104): a PaddleOCR text-line recognizer (CTC, ONNX) run from Java
 * with ONNX Runtime on the lines Tesseract found, against Tesseract's own reading of the same lines.
 *
 * <p>For every image: tokuten's engine (jpn+Japanese, default preparation) reads the page; each line it
 * found is then read twice more: by Tesseract {@code jpn+eng} on its own (today's second look,
 * {@code OcrEngine.reread}), and by the recognizer: cut out of the original image (its box mapped back
 * through the preparation's scale, with a margin), resized to height 48, normalised to [-1, 1], padded to
 * at least 320 wide, recognised, and CTC-decoded greedily with the model's dictionary. Each truth item name
 * (and the total amount) is then looked for in the lines of each reading: a name counts as found when some
 * line holds a stretch at least 70 % similar to it (NFKC, no spaces; edit distance with the line's ends
 * free), and its character accuracy is that similarity. "by confidence" takes, per line, the reading with
 * the higher confidence (Tesseract's mean word confidence, the recognizer's mean character probability);
 * "oracle" takes whichever is right.
 *
 * <pre>
 * ./bench/ocr/paddle-lines [--limit N] [--verbose] SET...   # fetches ONNX Runtime and the model, then:
 * java -cp target/classes:$(cat target/bench-classpath.txt):ORT_JAR bench/ocr/PaddleLines.java \
 *      REC.onnx DICT.txt [--limit N] [--verbose] SET...
 * </pre>
 */
public class PaddleLines {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Truth(String id, List<String> names, String total, boolean latin) {}

    record Sample(Path image, Truth truth) {}

    record Read(String text, double confidence) {}

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        List<String> dict = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
        int limit = Integer.MAX_VALUE;
        boolean verbose = false;
        List<Path> sets = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--limit" -> limit = Integer.parseInt(args[++i]);
                case "--verbose" -> verbose = true;
                default -> sets.add(Path.of(args[i]));
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        long t0 = System.nanoTime();
        OrtSession session = env.createSession(model.toString(), options);
        System.out.printf(
                "model %s loaded in %d ms; inputs %s; outputs %s; dictionary %d entries%n",
                model.getFileName(),
                (System.nanoTime() - t0) / 1_000_000,
                session.getInputInfo(),
                session.getOutputInfo(),
                dict.size());
        BufferedImage warm = new BufferedImage(400, 40, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 3; i++) recognise(env, session, dict, warm); // first runs allocate and plan
        OcrEngine engine = new OcrEngine("tesseract", OcrEngine.JAPANESE, jp.tokuten.ocr.ImagePreparation.DEFAULT, 1);
        for (Path set : sets) {
            List<Sample> samples = samples(set);
            if (samples.size() > limit) samples = samples.subList(0, limit);
            run(set, samples, engine, env, session, dict, verbose);
        }
    }

    /** Per reading (or combination of readings): names found, character-accuracy sum, totals found. */
    static final class Tally {
        int names, found, totals, totalsFound;
        double accuracy;

        void name(double similarity) {
            names++;
            accuracy += similarity;
            if (similarity >= 0.7) found++;
        }

        void total(boolean hit) {
            totals++;
            if (hit) totalsFound++;
        }
    }

    static void run(
            Path set,
            List<Sample> samples,
            OcrEngine engine,
            OrtEnvironment env,
            OrtSession session,
            List<String> dict,
            boolean verbose)
            throws Exception {
        OcrEngine second = engine.withLanguages(OcrEngine.LATIN_AND_JAPANESE);
        String[] labels = {
            "tesseract (first reading)",
            "tesseract jpn+eng line reread",
            "paddle line",
            "first/reread by confidence (today's second look)",
            "first/paddle by confidence",
            "first/reread/paddle by confidence",
            "oracle first|reread",
            "oracle first|reread|paddle"
        };
        Tally[] tally = new Tally[labels.length];
        for (int i = 0; i < tally.length; i++) tally[i] = new Tally();
        long lines = 0, paddleNanos = 0, tessNanos = 0, rereadNanos = 0;
        List<Long> perLine = new ArrayList<>();
        for (Sample s : samples) {
            BufferedImage image = ImageIO.read(s.image().toFile());
            long a = System.nanoTime();
            OcrEngine.Page page = engine.prepare(image);
            OcrText text = engine.read(page);
            tessNanos += System.nanoTime() - a;
            a = System.nanoTime();
            List<OcrLine> again = second.reread(page, text.lines());
            rereadNanos += System.nanoTime() - a;
            double scale = (double) page.width() / image.getWidth();
            List<Read> first = new ArrayList<>(), reread = new ArrayList<>(), paddle = new ArrayList<>();
            for (int i = 0; i < text.lines().size(); i++) {
                OcrLine line = text.lines().get(i);
                first.add(new Read(line.text(), line.confidence()));
                reread.add(new Read(again.get(i).text(), again.get(i).confidence()));
                long b = System.nanoTime();
                Read p = recognise(env, session, dict, crop(image, line, scale));
                long took = System.nanoTime() - b;
                paddleNanos += took;
                perLine.add(took);
                lines++;
                paddle.add(p);
            }
            List<List<Read>> readings = List.of(
                    first,
                    reread,
                    paddle,
                    surer(first, reread),
                    surer(first, paddle),
                    surer(surer(first, reread), paddle));
            for (String name : s.truth().names()) {
                double[] sim = new double[readings.size()];
                for (int r = 0; r < readings.size(); r++) {
                    sim[r] = best(name, readings.get(r));
                    tally[r].name(sim[r]);
                }
                tally[6].name(Math.max(sim[0], sim[1]));
                tally[7].name(Math.max(Math.max(sim[0], sim[1]), sim[2]));
                if (verbose && Math.max(sim[0], sim[1]) < 0.7 && sim[2] >= 0.7) {
                    System.out.printf(
                            "  %s name %s: only paddle %.2f [%s]; first [%s] reread [%s]%n",
                            s.truth().id(), name, sim[2], bestLine(name, paddle), bestLine(name, first), bestLine(name, reread));
                }
            }
            if (s.truth().total() != null) {
                boolean[] hit = new boolean[readings.size()];
                for (int r = 0; r < readings.size(); r++) {
                    hit[r] = hasAmount(readings.get(r), s.truth());
                    tally[r].total(hit[r]);
                }
                tally[6].total(hit[0] || hit[1]);
                tally[7].total(hit[0] || hit[1] || hit[2]);
                if (verbose && hit[2] != (hit[0] || hit[1])) {
                    System.out.printf(
                            "  %s total %s: first/reread %s, paddle %s%n", s.truth().id(), s.truth().total(), hit[0] || hit[1], hit[2]);
                }
            }
        }
        System.out.printf("%n== %s: %d images, %d lines%n", set, samples.size(), lines);
        System.out.printf("| reading | item names found (>= 70 %%) | item-name character accuracy | total amount in a line |%n|---|---|---|---|%n");
        for (int r = 0; r < labels.length; r++) {
            Tally t = tally[r];
            System.out.printf(
                    "| %s | %s | %s | %s |%n",
                    labels[r],
                    t.names == 0 ? "-" : String.format("%.1f%% of %d", 100.0 * t.found / t.names, t.names),
                    t.names == 0 ? "-" : String.format("%.1f%%", 100 * t.accuracy / t.names),
                    t.totals == 0 ? "-" : String.format("%.1f%% of %d", 100.0 * t.totalsFound / t.totals, t.totals));
        }
        perLine.sort(null);
        System.out.printf(
                "time per image: tesseract page %.0f ms; tesseract reread of every line %.0f ms (%.1f ms a line); "
                        + "paddle every line %.0f ms (%.1f ms a line, median %.1f); paddle/page %.2fx, paddle/reread %.2fx; 1 thread%n",
                tessNanos / 1e6 / samples.size(),
                rereadNanos / 1e6 / samples.size(),
                rereadNanos / 1e6 / Math.max(1, lines),
                paddleNanos / 1e6 / samples.size(),
                paddleNanos / 1e6 / Math.max(1, lines),
                perLine.isEmpty() ? 0 : perLine.get(perLine.size() / 2) / 1e6,
                (double) paddleNanos / tessNanos,
                (double) paddleNanos / rereadNanos);
    }

    /** Per line, the reading with the higher confidence; the first wins ties. */
    static List<Read> surer(List<Read> a, List<Read> b) {
        List<Read> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(b.get(i).confidence() > a.get(i).confidence() && !b.get(i).text().isBlank() ? b.get(i) : a.get(i));
        }
        return out;
    }

    // ---- the recognizer ------------------------------------------------------------------------

    static final int HEIGHT = 48;
    static final int MIN_WIDTH = 320;

    /** The line's box in the original image, with a margin of a quarter of its height above and below. */
    static BufferedImage crop(BufferedImage image, OcrLine line, double scale) {
        double h = line.height() / scale;
        int mv = (int) Math.round(h * 0.25), mh = (int) Math.round(h * 0.5);
        int x0 = Math.max(0, (int) Math.floor(line.left() / scale) - mh);
        int y0 = Math.max(0, (int) Math.floor(line.top() / scale) - mv);
        int x1 = Math.min(image.getWidth(), (int) Math.ceil((line.left() + line.width()) / scale) + mh);
        int y1 = Math.min(image.getHeight(), (int) Math.ceil((line.top() + line.height()) / scale) + mv);
        return image.getSubimage(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
    }

    static Read recognise(OrtEnvironment env, OrtSession session, List<String> dict, BufferedImage crop)
            throws Exception {
        int w = Math.max(1, (int) Math.ceil(HEIGHT * (double) crop.getWidth() / crop.getHeight()));
        int width = Math.max(MIN_WIDTH, w);
        BufferedImage resized = new BufferedImage(w, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = resized.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(crop, 0, 0, w, HEIGHT, null);
        g.dispose();
        float[] data = new float[3 * HEIGHT * width]; // padding stays 0, the normalised mid-grey
        int plane = HEIGHT * width;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = resized.getRGB(x, y);
                // channel order B, G, R as the models were trained (OpenCV)
                data[y * width + x] = ((rgb & 0xff) / 255f - 0.5f) / 0.5f;
                data[plane + y * width + x] = (((rgb >> 8) & 0xff) / 255f - 0.5f) / 0.5f;
                data[2 * plane + y * width + x] = (((rgb >> 16) & 0xff) / 255f - 0.5f) / 0.5f;
            }
        }
        String input = session.getInputNames().iterator().next();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), new long[] {1, 3, HEIGHT, width});
                OrtSession.Result result = session.run(Map.of(input, tensor))) {
            float[][] steps = ((float[][][]) result.get(0).getValue())[0];
            return decode(steps, dict);
        }
    }

    /** Greedy CTC: the likeliest class per step, repeats merged, blanks (class 0) dropped; the last class is a space. */
    static Read decode(float[][] steps, List<String> dict) {
        StringBuilder out = new StringBuilder();
        double sum = 0;
        int n = 0;
        int previous = -1;
        for (float[] step : steps) {
            int arg = 0;
            for (int c = 1; c < step.length; c++) if (step[c] > step[arg]) arg = c;
            if (arg != 0 && arg != previous) {
                out.append(arg - 1 < dict.size() ? dict.get(arg - 1) : " ");
                sum += step[arg];
                n++;
            }
            previous = arg;
        }
        return new Read(out.toString(), n == 0 ? 0 : sum / n);
    }

    // ---- scoring -------------------------------------------------------------------------------

    static String norm(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).replaceAll("\\s+", "");
    }

    /** 1 − (edit distance of {@code pattern} to its best-matching stretch of {@code text}) / its length. */
    static double similarity(String pattern, String text) {
        int[] p = norm(pattern).codePoints().toArray(), t = norm(text).codePoints().toArray();
        if (p.length == 0) return 0;
        int[] prev = new int[t.length + 1], cur = new int[t.length + 1];
        for (int i = 1; i <= p.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= t.length; j++) {
                int sub = prev[j - 1] + (p[i - 1] == t[j - 1] ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] x = prev;
            prev = cur;
            cur = x;
        }
        int best = Integer.MAX_VALUE;
        for (int v : prev) best = Math.min(best, v);
        return Math.max(0, 1.0 - (double) best / p.length);
    }

    static double best(String name, List<Read> lines) {
        double best = 0;
        for (Read r : lines) best = Math.max(best, similarity(name, r.text()));
        return best;
    }

    static String bestLine(String name, List<Read> lines) {
        String out = "";
        double best = -1;
        for (Read r : lines) {
            double s = similarity(name, r.text());
            if (s > best) {
                best = s;
                out = r.text();
            }
        }
        return out;
    }

    /** The total amount in some line: 7,944 or 7944 (Japanese), or as printed (SROIE). */
    static boolean hasAmount(List<Read> lines, Truth truth) {
        String total = truth.total();
        for (Read r : lines) {
            String t = norm(r.text());
            if (truth.latin()) {
                if (t.contains(total)) return true;
            } else {
                String plain = t.replace(",", "");
                if (plain.matches(".*(?<![0-9])" + total + "(?![0-9]).*")) return true;
            }
        }
        return false;
    }

    // ---- sets (the layouts bench/ocr/OcrBench reads) --------------------------------------------

    static List<Sample> samples(Path set) throws Exception {
        List<Sample> out = new ArrayList<>();
        if (Files.isDirectory(set.resolve("img")) && Files.isDirectory(set.resolve("truth"))) {
            try (var files = Files.list(set.resolve("img"))) {
                for (Path img : files.sorted().toList()) {
                    String id = img.getFileName().toString().replaceAll("\\.[a-z]+$", "");
                    Path truth = set.resolve("truth").resolve(id + ".json");
                    if (!Files.exists(truth)) continue;
                    JsonNode j = JSON.readTree(truth.toFile());
                    String total = norm(j.path("total").asString("")).replaceAll("^RM", "");
                    out.add(new Sample(img, new Truth(id, List.of(), total.isEmpty() ? null : total, true)));
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
                Path truth = Files.exists(own)
                        ? own
                        : jombTruth == null ? null : jombTruth.resolve(name.replaceAll("_(clean|noisy)\\.png$", "") + "_source.json");
                if (truth == null || !Files.exists(truth)) continue;
                JsonNode j = JSON.readTree(truth.toFile());
                List<String> names = new ArrayList<>();
                for (JsonNode item : j.path("items")) names.add(item.path("name").asString());
                String total = j.hasNonNull("total") ? j.path("total").decimalValue().toBigInteger().toString() : null;
                out.add(new Sample(img, new Truth(name, names, total, false)));
            }
        }
        return out;
    }
}
