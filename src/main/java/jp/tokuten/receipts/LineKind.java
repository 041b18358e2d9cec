package jp.tokuten.receipts;

/** What a line after the header is, by its words: 小計, 合計, お預り, お釣り, tax, discount, ignored, other. */
enum LineKind {
    SUBTOTAL,
    TOTAL,
    TENDERED,
    CHANGE,
    TAX,
    DISCOUNT,
    IGNORED,
    OTHER;

    static LineKind of(ReceiptLine line) {
        String upper = line.compact().toUpperCase(java.util.Locale.ROOT);
        if (line.has("小計") || upper.contains("SUBTOTAL") || upper.contains("SUB-TOTAL")) {
            return SUBTOTAL;
        }
        if (line.has("お釣", "おつり", "釣銭", "釣り", "つり銭") || upper.startsWith("CHANGE") || upper.startsWith("GHANGE")) {
            return CHANGE;
        }
        if (line.has("お預", "預り", "預かり", "現計")
                || (upper.startsWith("CASH") || upper.startsWith("GASH")) && !upper.matches("^[CG]ASHIER.*")
                || upper.startsWith("TENDER")) {
            return TENDERED;
        }
        if (line.has("対象", "内税", "外税", "消費税", "税額", "税率", "内税額")
                || (line.has("税") && TaxRules.RATE.matcher(line.compact()).find())
                || upper.matches("^(GST|SST|TAX|SERVICE ?TAX|TOTALGST|TOTALTAX).*")) {
            return TAX;
        }
        if (line.has("合計点数", "点数", "買上点数") || line.compact().matches(".*合計\\d+点.*")) {
            return IGNORED;
        }
        if (line.has("合計", "お会計", "お買上計", "お買上げ計", "ご請求", "お支払金額", "お支払額", "総計")
                || upper.matches("^(GRAND|NETT?|ROUNDED|TOTAL|AMOUNTDUE|AMOUNTPAYABLE|TOTALPAYABLE).*")
                        && !upper.matches(".*(QTY|QUANTITY|ITEM|DISCOUNT|SAVING|EXCL|ROUNDINGADJ|(?<!AFTER)ADJ).*")
                        && (!upper.matches(".*(GST|TAX).*") || upper.matches(".*(INCL|AFTER).*"))) {
            return TOTAL;
        }
        if (line.has("値引", "割引", "値下", "クーポン", "引き") || upper.contains("DISCOUNT") || upper.contains("OFF")) {
            return DISCOUNT;
        }
        if (line.has(
                        "支払", "ポイント", "登録番号", "領収", "TEL", "電話", "クレジット", "カード", "お客様", "担当", "責任者", "レジNo", "レジ番",
                        "レジ#", "電子マネー", "残高", "承認", "取引", "会員", "日付", "品名", "軽減税率", "印は", "※は")
                || upper.matches("^(ROUNDING|CHANGE|CASH|VISA|MASTER|CARD|GST|QTY|TOTALQTY|ITEM).*")) {
            return IGNORED;
        }
        return OTHER;
    }
}
