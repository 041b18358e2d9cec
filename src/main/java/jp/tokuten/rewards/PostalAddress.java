package jp.tokuten.rewards;

/**
 * One address of a Japanese postal code (郵便番号) in Japan Post's data: prefecture (都道府県), city (市区町村)
 * and town (町域; empty when the code covers a whole city or the town is not given), with their kana.
 */
public record PostalAddress(
        String postalCode,
        String prefecture,
        String city,
        String town,
        String prefectureKana,
        String cityKana,
        String townKana) {}
