package jp.tokuten.receipts;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** How the receipt was paid (現金, クレジットカード, PayPay …) and in which currency. */
final class PaymentRules {

    private final List<ReceiptLine> lines;
    private final boolean japanese;
    private final boolean decimals;
    private final Map<String, Double> confidence;

    PaymentRules(ParseContext context) {
        this.lines = context.lines();
        this.japanese = context.japanese();
        this.decimals = context.decimals();
        this.confidence = context.confidence();
    }

    private static final String[][] PAYMENTS = {
        {"PayPay", "PAYPAY"},
        {"楽天ペイ", "楽天ペイ"},
        {"d払い", "D払い"},
        {"au PAY", "AUPAY"},
        {"メルペイ", "メルペイ"},
        {"LINE Pay", "LINEPAY"},
        {"QRコード決済", "QR"},
        {"交通系電子マネー", "SUICA"},
        {"交通系電子マネー", "PASMO"},
        {"交通系電子マネー", "ICOCA"},
        {"交通系電子マネー", "交通系"},
        {"電子マネー", "WAON"},
        {"電子マネー", "NANACO"},
        {"電子マネー", "EDY"},
        {"電子マネー", "QUICPAY"},
        {"電子マネー", "電子マネー"},
        {"デビットカード", "デビット"},
        {"クレジットカード", "クレジット"},
        {"クレジットカード", "VISA"},
        {"クレジットカード", "MASTER"},
        {"クレジットカード", "JCB"},
        {"クレジットカード", "AMEX"},
        {"クレジットカード", "CREDIT"},
        {"クレジットカード", "カード"},
        {"現金", "現金"},
        {"現金", "CASH"}
    };

    @Nullable
    String payment(ReceiptSummary s) {
        int from = Math.max(0, Math.max(s.totalLine, s.subtotalLine));
        for (int pass = 0; pass < 2; pass++) {
            for (int i = pass == 0 ? from : 0; i < lines.size(); i++) {
                ReceiptLine line = lines.get(i);
                String upper = line.compact().toUpperCase(java.util.Locale.ROOT);
                for (String[] p : PAYMENTS) {
                    if (upper.contains(p[1])) {
                        confidence.put("payment", round(line.confidence() * (line.has("支払") ? 0.95 : 0.8)));
                        return p[0];
                    }
                }
            }
        }
        if (s.tendered != null && s.change != null) {
            confidence.put("payment", 0.7);
            return "現金";
        }
        return null;
    }

    @Nullable
    String currency() {
        if (japanese) {
            confidence.put("currency", 0.99);
            return "JPY";
        }
        for (ReceiptLine line : lines) {
            if (line.text().matches(".*\\bRM\\s?\\d.*|.*\\(RM\\).*|.*\\bRM\\b.*|.*MYR.*")) {
                confidence.put("currency", 0.9);
                return "MYR";
            }
            if (line.text().matches(".*(US\\$|USD).*")) {
                confidence.put("currency", 0.9);
                return "USD";
            }
        }
        if (decimals) {
            confidence.put("currency", 0.3);
            return null;
        }
        confidence.put("currency", 0.6);
        return "JPY";
    }

    private static double round(double v) {
        return ParseContext.round(v);
    }
}
