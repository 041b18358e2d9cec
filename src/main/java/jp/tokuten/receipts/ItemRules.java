package jp.tokuten.receipts;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.tokuten.receipts.ReceiptLine.Amount;
import jp.tokuten.receipts.ReceiptReading.Item;
import org.jspecify.annotations.Nullable;

/** Item lines: name, amount, quantity and unit price, the reduced-rate mark. */
final class ItemRules {

    private static final Pattern QUANTITY_LINE = Pattern.compile(
            "^(?<qty>\\S{0,3}?)\\s?(点|個|コ|本|枚|袋|m|n)?\\s?[xX×*]\\s?@?\\s?[¥\\\\]?(?<unit>\\d[\\d,]*)(円)?(\\s?[※*軽])?$");
    /** The same line badly read: "i@ « 240", "2m x 750", "74 z 169" (点 as @ or m, x as « or z). */
    private static final Pattern MISREAD_QUANTITY_LINE = Pattern.compile(
            "^(?<qty>[0-9iIl|]{1,2})\\s?[^\\d\\s]{0,2}\\s?[«»xX×*zZ]\\s?[^\\d\\s]?(?<unit>\\d[\\d,]*)$");
    /**
     * An item whose amount is partly read as letters: "アイスカフェラテ M  S60" (5 as S), "胃腸薬  8O0". The
     * amount is recovered from the receipt's arithmetic when it is the only one missing.
     */
    static final Pattern DAMAGED_ITEM =
            Pattern.compile("^(?<name>.*[^\\s\\d])\\s{2,}(?<token>[0-9SsOoDQBIl|Zz.,]{2,8})(?:\\s?(?<mark>[※*軽]))?$");

    private static final Pattern AT_LINE = Pattern.compile(
            "^@\\s?[¥\\\\]?(?<unit>\\d[\\d,]*)\\s?[xX×*]?\\s?(?<qty>\\d{1,3})\\s?(点|個|コ)?$|^(?<qty2>\\d{1,3})\\s?(点|個|コ)\\s?@?\\s?[¥\\\\]?(?<unit2>\\d[\\d,]*)$");
    private static final Pattern UNIT_PRICE_LINE = Pattern.compile("^単価\\s?[¥\\\\@]?(?<unit>\\d[\\d,]*)");
    private static final Pattern QUANTITY_PREFIX = Pattern.compile("^(?<qty>\\d{1,2})\\s?(点|個|コ)\\s?(?<rest>.+)$");
    private static final Pattern INLINE_QUANTITY = Pattern.compile(
            "\\s(?:@\\s?[¥\\\\]?(?<unit>\\d[\\d,]*)\\s?[xX×*]?\\s?(?<qty>\\d{1,3})\\s?(?:点|個|コ)?|(?<qty2>\\d{1,3})\\s?(?:点|個|コ)|[xX×*]\\s?(?<qty3>\\d{1,3}))\\s*$");

    private final boolean decimals;

    ItemRules(ParseContext context) {
        this.decimals = context.decimals();
    }

    static boolean quantityLine(ReceiptLine line) {
        String t = line.text().strip();
        return QUANTITY_LINE.matcher(t).matches()
                || AT_LINE.matcher(t).matches()
                || MISREAD_QUANTITY_LINE.matcher(t).matches()
                || UNIT_PRICE_LINE.matcher(line.compact()).find();
    }

    /** Adds the item a line names, or completes the item above with a quantity × unit price line. */
    void item(ReceiptLine line, @Nullable Amount amount, List<Item> items) {
        String compact = line.compact();
        // a quantity × unit price line under its item: "3点 x 280", "2個 @140", "@140 x 2", "単価 200"
        Integer qty = null;
        BigDecimal unit = null;
        Matcher q = QUANTITY_LINE.matcher(line.text().strip());
        Matcher at = AT_LINE.matcher(line.text().strip());
        Matcher up = UNIT_PRICE_LINE.matcher(compact);
        Matcher misread = MISREAD_QUANTITY_LINE.matcher(line.text().strip());
        if (q.matches()) {
            qty = digits(q.group("qty"));
            unit = ReceiptLine.parseNumber(q.group("unit").replace(",", ""), decimals);
        } else if (at.matches()) {
            qty = digits(at.group("qty") != null ? at.group("qty") : at.group("qty2"));
            String u = at.group("unit") != null ? at.group("unit") : at.group("unit2");
            unit = ReceiptLine.parseNumber(u.replace(",", ""), decimals);
        } else if (up.find()) {
            unit = ReceiptLine.parseNumber(up.group("unit").replace(",", ""), decimals);
        } else if (misread.matches() && !items.isEmpty()) {
            qty = digits(misread.group("qty"));
            unit = ReceiptLine.parseNumber(misread.group("unit").replace(",", ""), decimals);
            Item last = items.getLast();
            if (unit == null
                    || unit.signum() <= 0
                    || last.amount().remainder(unit).signum() != 0) {
                // the unit price itself is misread: the line still is no item of its own
                return;
            }
        }
        if (unit != null && !items.isEmpty()) {
            Item last = items.getLast();
            if (last.unitPrice() == null) {
                int quantity = qty != null ? qty : last.quantity();
                if (unit.signum() > 0 && last.amount().remainder(unit).signum() == 0) {
                    int derived = last.amount().divide(unit).intValue();
                    if (qty == null
                            || unit.multiply(BigDecimal.valueOf(quantity)).compareTo(last.amount()) != 0) {
                        quantity = derived;
                    }
                }
                items.removeLast();
                items.add(new Item(
                        last.name(),
                        quantity,
                        unit,
                        last.amount(),
                        last.discount(),
                        last.reducedTax() || compact.matches(".*[※*軽]$"),
                        last.confidence()));
            }
            return;
        }
        if (amount == null || amount.value().signum() <= 0) {
            return;
        }
        if (decimals && amount.value().scale() <= 0) {
            // abroad prices have cents: a whole number at the end of a line is a code, a count or a phone number
            return;
        }
        String name = amount.label();
        boolean reduced = amount.tail().matches("[※*軽☆★]|\\(?軽\\)?");
        Matcher mark = Pattern.compile("^[※*☆★]\\s?|\\s?[※*☆★軽]$").matcher(name);
        if (mark.find()) {
            reduced = true;
            name = mark.replaceAll("");
        }
        int quantity = 1;
        BigDecimal unitPrice = null;
        Matcher prefix = QUANTITY_PREFIX.matcher(name);
        if (prefix.matches() && prefix.group("rest").codePoints().anyMatch(Character::isLetter)) {
            quantity = Integer.parseInt(prefix.group("qty"));
            name = prefix.group("rest");
        }
        Matcher inline = INLINE_QUANTITY.matcher(" " + name);
        if (inline.find()) {
            String qs = inline.group("qty") != null
                    ? inline.group("qty")
                    : inline.group("qty2") != null ? inline.group("qty2") : inline.group("qty3");
            quantity = Integer.parseInt(qs);
            if (inline.group("unit") != null) {
                unitPrice = ReceiptLine.parseNumber(inline.group("unit").replace(",", ""), decimals);
            }
            name = (" " + name).substring(0, inline.start()).strip();
        }
        name = label(name);
        if (name.codePoints().filter(Character::isLetter).count() < 1) {
            return;
        }
        name = KanaCorrection.correct(name);
        if (unitPrice == null
                && quantity > 1
                && amount.value().remainder(BigDecimal.valueOf(quantity)).signum() == 0) {
            unitPrice = amount.value().divide(BigDecimal.valueOf(quantity));
        }
        double c = line.confidence() * (name.length() >= 2 ? 0.95 : 0.6);
        items.add(new Item(name, quantity, unitPrice, amount.value(), null, reduced, round(c)));
    }

    @Nullable
    private static Integer digits(@Nullable String s) {
        if (s == null) {
            return null;
        }
        String d = s.replaceAll("\\D", "");
        if (d.isEmpty() || d.length() > 3) {
            return null;
        }
        int n = Integer.parseInt(d);
        return n == 0 ? null : n;
    }

    static String label(String text) {
        return text.replaceAll("\\s{2,}", " ").replaceAll("[.:・\\s]+$", "").strip();
    }

    private static double round(double v) {
        return ParseContext.round(v);
    }
}
