package jp.tokuten.rewards;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import jp.tokuten.audit.AuditTrail;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Japan Post's postal codes (郵便番号): the address a code stands for, for the winner's address form, and the
 * load that replaces the whole set from Japan Post's file ({@code KEN_ALL.CSV} or {@code utf_ken_all.csv},
 * plain or zipped). The set is the same for every tenant.
 */
@Service
public class PostalCodes {

    private static final Pattern SEVEN_DIGITS = Pattern.compile("[0-9]{7}");

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final AuditTrail audit;

    PostalCodes(JdbcClient jdbc, DataSource dataSource, AuditTrail audit) {
        this.jdbc = jdbc;
        this.template = new JdbcTemplate(dataSource);
        this.audit = audit;
    }

    /**
     * A postal code as seven ASCII digits: {@code 1000001}, {@code 100-0001}, full-width digits and hyphens
     * too; null when {@code text} is not one.
     */
    public static @Nullable String normalise(String text) {
        var digits = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '０' && c <= '９') {
                c = (char) ('0' + (c - '０'));
            }
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (!(c == '-' || c == '－' || c == 'ー' || c == '‐' || c == ' ' || c == '〒')) {
                return null;
            }
        }
        return SEVEN_DIGITS.matcher(digits).matches() ? digits.toString() : null;
    }

    /** The addresses of a seven-digit code, in Japan Post's order; empty when the code is unknown. */
    @Transactional(readOnly = true)
    public List<PostalAddress> lookup(String sevenDigits) {
        if (!SEVEN_DIGITS.matcher(sevenDigits).matches()) {
            return List.of();
        }
        return jdbc.sql("""
                        select postal_code, prefecture, city, town, prefecture_kana, city_kana, town_kana
                          from rewards.postal_codes where postal_code = ? order by seq""")
                .param(sevenDigits)
                .query((rs, n) -> new PostalAddress(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7)))
                .list();
    }

    /** What a load did. */
    public record LoadReport(int codes, int addresses, String sha256) {}

    /**
     * Replaces every postal code with those of {@code file} (Japan Post's KEN_ALL, see {@link KenAllFile}), in
     * one transaction, and records a meaning entry {@code postal_codes.loaded} naming {@code source}. A file
     * that is not KEN_ALL changes nothing.
     *
     * @throws IllegalArgumentException when the file is not Japan Post's postal-code file (the message says
     *     why)
     */
    @Transactional
    public LoadReport load(byte[] file, String source) {
        List<KenAllFile.Row> rows;
        try {
            rows = KenAllFile.read(file);
        } catch (KenAllFile.NotKenAllException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Map<String, Integer> seq = new LinkedHashMap<>();
        var batch = new ArrayList<Object[]>(rows.size());
        for (var row : rows) {
            var a = row.address();
            int n = seq.merge(a.postalCode(), 1, Integer::sum);
            batch.add(new Object[] {
                a.postalCode(),
                n,
                row.localGovernmentCode(),
                a.prefecture(),
                a.city(),
                a.town(),
                a.prefectureKana(),
                a.cityKana(),
                a.townKana()
            });
        }
        template.update("delete from rewards.postal_codes");
        for (int from = 0; from < batch.size(); from += 5_000) {
            template.batchUpdate("""
                    insert into rewards.postal_codes (postal_code, seq, local_government_code, prefecture, city, town,
                                                      prefecture_kana, city_kana, town_kana)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", batch.subList(from, Math.min(batch.size(), from + 5_000)));
        }
        String sha256 = sha256(file);
        var report = new LoadReport(seq.size(), batch.size(), sha256);
        audit.record(
                "postal_codes.loaded",
                null,
                Map.of("source", source, "codes", report.codes(), "addresses", report.addresses(), "sha256", sha256));
        return report;
    }

    /** How many postal codes are loaded (0 before the first load). */
    @Transactional(readOnly = true)
    public long count() {
        return jdbc.sql("select count(distinct postal_code) from rewards.postal_codes")
                .query(Long.class)
                .single();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
