package jp.tokuten.receipts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the rules' evidence scores into probabilities (信頼度の較正): a field read at 0.95 is right about
 * 95 times in 100. The curves are step functions fitted by isotonic regression on labelled receipts the
 * rules were not written against (bench/ocr/Calibrate.java, decision 105), one per field and script
 * (Japanese receipts in yen; receipts abroad with decimal amounts; "any" for a curve fitted on both), kept in
 * {@code receipts/calibration.tsv}. Fields without a curve keep their score.
 */
final class Calibration {

    /** Leaves every score as the rules gave it (what the curves are fitted on). */
    static final Calibration NONE = new Calibration(Map.of());

    private static final String RESOURCE = "/receipts/calibration.tsv";
    private static final Calibration FITTED = load();

    /** One step: scores from {@code from} up (to the next step) are right with {@code probability}. */
    record Step(double from, double probability) {}

    /** Steps by "field script", ascending. */
    private final Map<String, List<Step>> curves;

    Calibration(Map<String, List<Step>> curves) {
        this.curves = curves;
    }

    static Calibration fitted() {
        return FITTED;
    }

    /** The curves by "field script", their steps ascending. */
    Map<String, List<Step>> curves() {
        return curves;
    }

    /** The reading with its confidences as probabilities. */
    ReceiptReading apply(ReceiptReading reading) {
        if (curves.isEmpty()) {
            return reading;
        }
        String script = script(reading);
        Map<String, Double> out = new LinkedHashMap<>();
        for (var e : reading.confidence().entrySet()) {
            out.put(e.getKey(), probability(e.getKey(), script, e.getValue()));
        }
        return reading.withConfidence(out);
    }

    /** "japanese" for receipts in yen, "latin" for receipts printed abroad. */
    static String script(ReceiptReading reading) {
        return reading.currency() == null || !reading.currency().equals("JPY") ? "latin" : "japanese";
    }

    /**
     * The probability of a field read at {@code score}: the step of the script's curve (or of the curve
     * fitted on both scripts, "any") the score falls on. Below the lowest score of the fitting data there is
     * nothing to say it is as good as that: the score itself, at most the first step's probability.
     */
    double probability(String field, String script, double score) {
        List<Step> steps = curves.getOrDefault(field + " " + script, curves.get(field + " any"));
        if (steps == null || steps.isEmpty()) {
            return score;
        }
        if (score + 1e-9 < steps.getFirst().from()) {
            return Math.min(score, steps.getFirst().probability());
        }
        double p = steps.getFirst().probability();
        for (Step s : steps) {
            if (score + 1e-9 >= s.from()) {
                p = s.probability();
            }
        }
        return p;
    }

    private static Calibration load() {
        try (InputStream in = Calibration.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads "field TAB script TAB from TAB probability [TAB …]" lines; # starts a comment. */
    static Calibration parse(BufferedReader in) throws IOException {
        Map<String, List<Step>> curves = new HashMap<>();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            curves.computeIfAbsent(f[0] + " " + f[1], k -> new ArrayList<>())
                    .add(new Step(Double.parseDouble(f[2]), Double.parseDouble(f[3])));
        }
        curves.values().forEach(steps -> steps.sort((a, b) -> Double.compare(a.from(), b.from())));
        return new Calibration(Map.copyOf(curves));
    }
}
