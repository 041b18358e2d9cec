package jp.tokuten.receipts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.CampaignView.TargetProduct;
import jp.tokuten.receipts.EntryJudgement.RuleResult;
import jp.tokuten.shared.FoldedText;

/**
 * The entry's receipts, together, carry a target product in its minimum quantity (and amount, when set).
 * An item is the product when its name, after folding (NFKC turns half-width kana into full-width; kana
 * and width folded), contains the product's name or one of its aliases almost exactly, or carries one of
 * its JAN codes. Any one product that qualifies is enough; no target products means any product.
 */
final class TargetProductRule implements Rule {

    static final String NAME = "target_products";
    static final double THRESHOLD = 0.85;
    private static final ReasonCode REASON = ReasonCode.NO_TARGET_ITEM;

    @Override
    public RuleResult check(CampaignView campaign, List<JudgedReceipt> receipts) {
        if (campaign.targetProducts().isEmpty()) {
            return Rule.pass(NAME, null);
        }
        boolean unsureItems = receipts.stream()
                .anyMatch(r ->
                        r.items().isEmpty() || r.items().stream().anyMatch(i -> i.confidence() < JudgedReceipt.SURE));
        List<String> found = new ArrayList<>();
        for (TargetProduct product : campaign.targetProducts()) {
            int quantity = 0;
            BigDecimal amount = BigDecimal.ZERO;
            boolean unsureMatch = false;
            for (JudgedReceipt r : receipts) {
                for (JudgedReceipt.Item item : r.items()) {
                    if (isProduct(item.name(), product)) {
                        quantity += item.quantity();
                        amount = amount.add(item.amount());
                        found.add(item.name() + " ×" + item.quantity());
                        unsureMatch |= item.confidence() < JudgedReceipt.SURE;
                    }
                }
            }
            boolean enough = quantity >= product.minimumQuantity()
                    && (product.minimumAmount() == null
                            || amount.compareTo(BigDecimal.valueOf(product.minimumAmount())) >= 0);
            if (enough) {
                String value = String.join(", ", found);
                return unsureMatch ? Rule.unsure(NAME, REASON, value) : Rule.pass(NAME, value);
            }
        }
        String value = found.isEmpty() ? null : String.join(", ", found);
        return unsureItems ? Rule.unsure(NAME, REASON, value) : Rule.fail(NAME, REASON, value);
    }

    static boolean isProduct(String itemName, TargetProduct product) {
        String digits = FoldedText.fold(itemName).replaceAll("[^0-9]", "");
        if (!digits.isEmpty() && product.janCodes().stream().anyMatch(digits::contains)) {
            return true;
        }
        return Stream.concat(Stream.of(product.name()), product.aliases().stream())
                .filter(n -> FoldedText.fold(n).length() >= 2)
                .anyMatch(n -> FoldedText.containsApproximately(itemName, n, THRESHOLD));
    }
}
