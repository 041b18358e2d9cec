package jp.tokuten.receipts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.campaigns.CampaignStatus;
import jp.tokuten.campaigns.CampaignView;
import org.jspecify.annotations.Nullable;

/** Campaigns and readings for rule tests: readings are the JSON maps of docs/receipt-schema.md. */
final class JudgementFixtures {

    private JudgementFixtures() {}

    static final LocalDate FROM = LocalDate.of(2026, 6, 1);
    static final LocalDate TO = LocalDate.of(2026, 6, 30);

    /** An open campaign for June 2026 with the given rules. */
    static CampaignView campaign(
            @Nullable Long minimumTotal,
            List<String> stores,
            List<String> chains,
            List<String> prefectures,
            List<CampaignView.TargetProduct> products) {
        var period = new CampaignView.Period(FROM, TO);
        return new CampaignView(
                UUID.randomUUID(),
                "夏のキャンペーン",
                CampaignStatus.OPEN,
                period,
                period,
                7,
                minimumTotal,
                stores,
                chains,
                prefectures,
                products,
                new CampaignView.EntrantLimit(null, null),
                3,
                List.of(),
                "",
                "",
                null,
                "preview-token-0123456789abcdef",
                "review",
                Instant.EPOCH,
                Instant.EPOCH);
    }

    static CampaignView anyCampaign() {
        return campaign(null, List.of(), List.of(), List.of(), List.of());
    }

    static CampaignView.TargetProduct product(String name, List<String> aliases, int minimumQuantity) {
        return new CampaignView.TargetProduct(name, aliases, List.of(), minimumQuantity, null);
    }

    /** A reading builder: sure fields unless told otherwise. */
    static final class Reading {
        final Map<String, Object> store = new LinkedHashMap<>();
        final Map<String, Object> json = new LinkedHashMap<>();
        final List<Map<String, Object>> items = new ArrayList<>();
        final Map<String, Object> confidence = new LinkedHashMap<>();
        final Map<String, Object> photo = new LinkedHashMap<>();

        Reading() {
            json.put("file", "r.jpg");
            json.put("store", store);
            json.put("items", items);
            json.put("confidence", confidence);
        }

        Reading store(String name) {
            store.put("name", name);
            confidence.put("store.name", 0.95);
            return this;
        }

        Reading phone(String phone) {
            store.put("phone", phone);
            return this;
        }

        Reading purchasedAt(String at) {
            json.put("purchasedAt", at);
            confidence.put("purchasedAt", 0.95);
            return this;
        }

        Reading receiptNumber(String number) {
            json.put("receiptNumber", number);
            return this;
        }

        Reading total(long total) {
            json.put("total", total);
            confidence.put("total", 0.95);
            return this;
        }

        Reading item(String name, int quantity, long amount) {
            return item(name, quantity, amount, 0.9);
        }

        Reading item(String name, int quantity, long amount, double sure) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", name);
            item.put("quantity", quantity);
            item.put("amount", amount);
            item.put("confidence", sure);
            items.add(item);
            return this;
        }

        Reading unsure(String field, double value) {
            confidence.put(field, value);
            return this;
        }

        Reading photo(String key, Object value) {
            photo.put(key, value);
            json.put("photo", photo);
            return this;
        }

        Map<String, Object> json() {
            return json;
        }

        JudgedReceipt receipt() {
            return JudgedReceipt.of(UUID.randomUUID(), json, Map.of());
        }
    }

    static Reading reading() {
        return new Reading();
    }

    /** A complete, surely read receipt from June 10th 2026. */
    static Reading aGoodReading() {
        return reading()
                .store("あおばマート 新市街店")
                .phone("096-123-4567")
                .purchasedAt("2026-06-10T12:34:00")
                .receiptNumber("0012")
                .item("ｺｶ･ｺｰﾗ 500ML", 2, 300)
                .total(1200);
    }
}
