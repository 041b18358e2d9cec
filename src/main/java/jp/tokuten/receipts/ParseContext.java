package jp.tokuten.receipts;

import java.util.List;
import java.util.Map;

/**
 * What the rules of one parse share: the receipt's lines, whether it is a Japanese receipt (yen, no
 * decimals) or one printed abroad with decimal amounts, and the confidences the rules write per field
 * (evidence scores; {@link Calibration} turns them into probabilities).
 */
record ParseContext(List<ReceiptLine> lines, boolean japanese, boolean decimals, Map<String, Double> confidence) {

    double lineConfidence(int index) {
        return index >= 0 && index < lines.size() ? lines.get(index).confidence() : 0.5;
    }

    /** A score clamped to 0..1 and rounded to two decimals, as readings report it. */
    static double round(double v) {
        return Math.round(Math.max(0, Math.min(1, v)) * 100) / 100.0;
    }
}
