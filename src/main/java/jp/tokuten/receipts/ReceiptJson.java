package jp.tokuten.receipts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/** The JSON form of a reading (docs/receipt-schema.md), the same for the command line and the API. */
public final class ReceiptJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ReceiptJson() {}

    /** The reading of {@code file} as an ordered map, ready for any JSON writer. */
    public static Map<String, Object> of(String file, ReceiptReading r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", file);
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("name", r.store().name());
        store.put("branch", r.store().branch());
        store.put("phone", r.store().phone());
        store.put("registrationNumber", r.store().registrationNumber());
        store.put(
                "identifiedBy",
                r.store().identifiedBy() == null
                        ? null
                        : r.store().identifiedBy().code());
        out.put("store", store);
        out.put("purchasedAt", r.purchasedAt());
        out.put("receiptNumber", r.receiptNumber());
        List<Map<String, Object>> items = new ArrayList<>();
        for (ReceiptReading.Item i : r.items()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", i.name());
            item.put("quantity", i.quantity());
            item.put("unitPrice", number(i.unitPrice()));
            item.put("amount", number(i.amount()));
            item.put("discount", number(i.discount()));
            item.put("reducedTax", i.reducedTax());
            item.put("confidence", i.confidence());
            items.add(item);
        }
        out.put("items", items);
        List<Map<String, Object>> discounts = new ArrayList<>();
        for (ReceiptReading.Discount d : r.discounts()) {
            Map<String, Object> discount = new LinkedHashMap<>();
            discount.put("name", d.name());
            discount.put("amount", number(d.amount()));
            discounts.add(discount);
        }
        out.put("discounts", discounts);
        out.put("subtotal", number(r.subtotal()));
        List<Map<String, Object>> taxes = new ArrayList<>();
        for (ReceiptReading.Tax t : r.taxes()) {
            Map<String, Object> tax = new LinkedHashMap<>();
            tax.put("rate", t.rate());
            tax.put("base", number(t.base()));
            tax.put("amount", number(t.amount()));
            tax.put("included", t.included());
            taxes.add(tax);
        }
        out.put("taxes", taxes);
        out.put("total", number(r.total()));
        out.put("tendered", number(r.tendered()));
        out.put("change", number(r.change()));
        out.put("payment", r.payment());
        out.put("currency", r.currency());
        out.put("confidence", new LinkedHashMap<>(r.confidence()));
        return out;
    }

    /** One line of JSON for a reading. */
    public static String line(String file, ReceiptReading reading) {
        return JSON.writeValueAsString(of(file, reading));
    }

    /** One line of JSON for a file that could not be read. */
    public static String error(String file, String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", file);
        out.put("error", message);
        return JSON.writeValueAsString(out);
    }

    @Nullable
    private static BigDecimal number(@Nullable BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().scale() < 0 ? value.setScale(0) : value;
    }
}
