package jp.tokuten.receipts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.tokuten.receipts.ReceiptLine.Amount;
import jp.tokuten.receipts.ReceiptReading.Tax;
import org.jspecify.annotations.Nullable;

/** Tax lines by rate (8 % reduced, 10 % standard): taxable amount and tax, included or added. */
final class TaxRules {

    static final Pattern RATE =
            Pattern.compile("(?<![\\d.])(10|8)\\s?(?:%|96|9%|0/0|パーセント)|(?<![\\d.])(10|8)9?(?=対象|税率)");

    private final boolean decimals;
    private @Nullable Integer lastTaxRate;

    TaxRules(ParseContext context) {
        this.decimals = context.decimals();
    }

    /** Records what a tax line says about its rate: the taxable amount (対象) or the tax (内税, 外税). */
    void tax(ReceiptLine line, @Nullable Amount amount, TreeMap<Integer, Tax> taxes, boolean external) {
        if (amount == null) {
            return;
        }
        Integer rate = null;
        Matcher m = RATE.matcher(line.compact());
        if (m.find()) {
            rate = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
        } else if (line.has("軽減")) {
            rate = 8;
        } else if (line.has("標準")) {
            rate = 10;
        }
        if (rate == null && line.has("消費税", "税額", "内税", "外税") && lastTaxRate != null) {
            // "(内消費税等 ¥71)" under "(8%対象 ¥960)" belongs to that rate
            rate = lastTaxRate;
        }
        if (rate == null) {
            return;
        }
        lastTaxRate = rate;
        boolean included = !external && !line.has("外税", "外消費税");
        Tax existing = taxes.getOrDefault(rate, new Tax(rate, null, null, included));
        BigDecimal value = amount.value().abs();
        String compact = line.compact();
        boolean base = line.has("対象");
        boolean taxWord = compact.replace("税率", "").matches(".*(税|TAX).*");
        if (base && taxWord) {
            // "10%対象 ¥2,404 (内消費税 ¥218)": the amount at the end is the tax, the first one the base
            Matcher first = Pattern.compile("対象[^\\d]*([\\d,.]+)").matcher(line.text());
            BigDecimal b = first.find() ? ReceiptLine.parseNumber(first.group(1), decimals) : null;
            if (b != null && b.compareTo(value) != 0) {
                taxes.put(rate, new Tax(rate, b, value, existing.included()));
            } else {
                taxes.put(rate, new Tax(rate, value, existing.amount(), existing.included()));
            }
        } else if (base) {
            taxes.put(rate, new Tax(rate, value, existing.amount(), existing.included()));
        } else {
            taxes.put(rate, new Tax(rate, existing.base(), value, included && existing.included()));
        }
    }

    /** Shops round a rate's tax down, up or to the nearest. */
    private static final List<RoundingMode> ROUNDINGS =
            List.of(RoundingMode.FLOOR, RoundingMode.CEILING, RoundingMode.HALF_UP);

    /**
     * Whether the tax printed for a rate is what its taxable amount gives: base × rate / (100 + rate) when
     * the tax is included in the prices (内税), base × rate / 100 when it is added on top (外税), rounded
     * any of the ways shops round it.
     */
    static boolean fitsBase(Tax tax) {
        if (tax.base() == null || tax.amount() == null) {
            return false;
        }
        BigDecimal exact = exactTax(tax.base(), tax.rate(), tax.included());
        int scale = Math.max(0, tax.base().scale());
        return ROUNDINGS.stream().anyMatch(mode -> exact.setScale(scale, mode).compareTo(tax.amount()) == 0);
    }

    /**
     * The tax a rate adds on top of the prices (外税): the printed tax when it fits its taxable amount
     * ({@link #fitsBase}), else, when the base is printed, the base's tax rounded down (the usual 端数切り捨て):
     * a tax misread or lost ("半 12" for "¥12", 6 for 0) is the smaller number, the base the surer one. Null
     * when neither is printed.
     */
    static @Nullable BigDecimal addedTax(Tax tax) {
        if (tax.base() == null || fitsBase(tax)) {
            return tax.amount();
        }
        return exactTax(tax.base(), tax.rate(), false)
                .setScale(Math.max(0, tax.base().scale()), RoundingMode.FLOOR);
    }

    private static BigDecimal exactTax(BigDecimal base, int rate, boolean included) {
        return base.multiply(BigDecimal.valueOf(rate))
                .divide(BigDecimal.valueOf(included ? 100L + rate : 100L), 4, RoundingMode.HALF_UP);
    }
}
