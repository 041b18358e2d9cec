package jp.tokuten.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Evidence scores become the fitted probabilities of calibration.tsv (decision 105). */
class CalibrationTests {

    private static final String TABLE = """
            # field	script	from	probability
            total	any	0.55	0.30
            total	any	0.90	0.97
            purchasedAt	japanese	0.60	0.85
            purchasedAt	japanese	0.80	0.98
            purchasedAt	latin	0.50	0.70
            """;

    private static Calibration table() throws IOException {
        return Calibration.parse(new BufferedReader(new StringReader(TABLE)));
    }

    @Test
    void aScoreTakesTheProbabilityOfItsStep() throws IOException {
        Calibration c = table();
        assertThat(c.probability("total", "japanese", 0.99)).isEqualTo(0.97);
        assertThat(c.probability("total", "latin", 0.90)).isEqualTo(0.97);
        assertThat(c.probability("total", "latin", 0.85)).isEqualTo(0.30);
        assertThat(c.probability("purchasedAt", "japanese", 0.85)).isEqualTo(0.98);
        assertThat(c.probability("purchasedAt", "latin", 0.85)).isEqualTo(0.70);
    }

    @Test
    void belowTheFittingDataAScoreIsNotRaised() throws IOException {
        Calibration c = table();
        assertThat(c.probability("total", "japanese", 0.2)).isEqualTo(0.2);
        assertThat(c.probability("purchasedAt", "japanese", 0.59)).isEqualTo(0.59);
        assertThat(c.probability("purchasedAt", "japanese", 0.4)).isEqualTo(0.4);
    }

    @Test
    void fieldsWithoutACurveKeepTheirScore() throws IOException {
        assertThat(table().probability("items", "japanese", 0.77)).isEqualTo(0.77);
        assertThat(table().probability("purchasedAt", "thai", 0.77)).isEqualTo(0.77);
        assertThat(Calibration.NONE.probability("total", "japanese", 0.99)).isEqualTo(0.99);
    }

    @Test
    void aReadingIsCalibratedByTheScriptOfItsCurrency() throws IOException {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("purchasedAt", 0.85);
        scores.put("total", 0.99);
        scores.put("items", 0.8);
        ReceiptReading yen = reading("JPY", scores);
        ReceiptReading ringgit = reading("MYR", scores);
        assertThat(table().apply(yen).confidence())
                .containsEntry("purchasedAt", 0.98)
                .containsEntry("total", 0.97)
                .containsEntry("items", 0.8);
        assertThat(table().apply(ringgit).confidence()).containsEntry("purchasedAt", 0.70);
        assertThat(Calibration.script(reading(null, scores))).isEqualTo("latin");
    }

    @Test
    void theFittedTableIsMonotoneProbabilitiesForTheDecidingFields() throws IOException {
        Map<String, List<Calibration.Step>> curves;
        try (var in = new BufferedReader(new InputStreamReader(
                CalibrationTests.class.getResourceAsStream("/receipts/calibration.tsv"), StandardCharsets.UTF_8))) {
            curves = Calibration.parse(in).curves();
        }
        assertThat(curves)
                .containsKeys(
                        "total japanese",
                        "total latin",
                        "purchasedAt japanese",
                        "purchasedAt latin",
                        "store.name japanese");
        for (var e : curves.entrySet()) {
            double from = -1;
            double p = 0;
            for (Calibration.Step step : e.getValue()) {
                assertThat(step.from()).as(e.getKey()).isGreaterThan(from);
                assertThat(step.probability())
                        .as(e.getKey())
                        .isGreaterThanOrEqualTo(p)
                        .isBetween(0.0, 1.0);
                from = step.from();
                p = step.probability();
            }
        }
        // and the reader uses it: the strongest evidence for a total is a probability below 1
        double strongest = Calibration.fitted().probability("total", "japanese", TotalVote.LABEL_AND_TWO_SUMS);
        assertThat(strongest).isGreaterThanOrEqualTo(0.9).isLessThan(1.0);
        assertThat(strongest).isCloseTo(curves.get("total japanese").getLast().probability(), within(1e-9));
    }

    private static ReceiptReading reading(String currency, Map<String, Double> confidence) {
        return new ReceiptReading(
                new ReceiptReading.Store("店", null, null, null),
                "2026-06-11",
                null,
                List.of(),
                List.of(),
                null,
                List.of(),
                BigDecimal.TEN,
                null,
                null,
                null,
                currency,
                confidence);
    }
}
