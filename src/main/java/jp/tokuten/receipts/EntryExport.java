package jp.tokuten.receipts;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.campaigns.FormField;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CSV export of a campaign's entries (decision 085): one row per entry with its judgement, each receipt's
 * store, purchase date, total and items as read, and the entry form's fields. Rows are read through a
 * database cursor and written straight to the caller's stream, so a million entries take the memory of a
 * few hundred. Text cells that a spreadsheet would take for a formula get a leading {@code '}. The
 * entrant's personal data (e-mail and the standard form fields) is written only when the caller may see it;
 * questionnaire answers ({@code q1}…{@code q9}) always are.
 */
@Service
public class EntryExport {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final int FETCH_SIZE = 500;

    /** The character encoding of the file. */
    public enum Encoding {
        /** UTF-8 with a byte order mark, which Excel needs to see it is UTF-8. */
        UTF_8,
        /** Shift_JIS as Windows writes it (CP932) for older Excel; characters it lacks become 〓. */
        CP932;

        /** {@code utf-8} (also when missing) or {@code cp932}/{@code shift_jis}/{@code sjis}; 400 {@code invalid_encoding} else. */
        public static Encoding parse(@Nullable String name) {
            if (name == null || name.isBlank()) {
                return UTF_8;
            }
            return switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "utf-8", "utf8" -> UTF_8;
                case "cp932", "shift_jis", "sjis", "windows-31j" -> CP932;
                default -> throw new ProblemException(400, "invalid_encoding").with("field", "encoding");
            };
        }

        public String charsetName() {
            return this == UTF_8 ? "UTF-8" : "windows-31j";
        }
    }

    /** CP932's 〓 (geta mark), written for characters CP932 cannot encode so that the loss is visible. */
    static final byte[] CP932_REPLACEMENT = {(byte) 0x81, (byte) 0xAC};

    private final Campaigns campaigns;
    private final JdbcTemplate cursor;
    private final JsonMapper json;
    private final AuditTrail trail;
    private final MessageSource messages;
    private final jp.tokuten.identity.Entrants entrants;

    EntryExport(
            Campaigns campaigns,
            DataSource dataSource,
            JsonMapper json,
            AuditTrail trail,
            MessageSource messages,
            jp.tokuten.identity.Entrants entrants) {
        this.entrants = entrants;
        this.campaigns = campaigns;
        this.cursor = new JdbcTemplate(dataSource);
        this.cursor.setFetchSize(FETCH_SIZE);
        this.json = json;
        this.trail = trail;
        this.messages = messages;
    }

    /**
     * Checks that the bound tenant has the campaign (404 {@code not_found} else) before anything is
     * written, so that a caller can still answer with a problem.
     */
    @Transactional(readOnly = true)
    public CampaignView campaign(UUID campaignId) {
        TenantBinder.required();
        return campaigns.require(campaignId);
    }

    /**
     * Writes the campaign's entries, oldest first, to {@code out} and records {@code entries.exported}.
     * Runs in one transaction (a cursor needs one: auto-commit off), reading {@value #FETCH_SIZE} rows at a
     * time.
     *
     * @param personal whether to include the entrant's e-mail and personal form fields
     * @param locale the language of the header row
     * @return the number of entries written
     */
    @Transactional
    public long write(UUID campaignId, Encoding encoding, boolean personal, Locale locale, OutputStream out) {
        TenantBinder.required();
        CampaignView campaign = campaigns.require(campaignId);
        List<FormField> fields = campaign.formFields().stream()
                .filter(f -> personal || !isPersonal(f))
                .toList();
        int receipts = campaign.receiptsPerEntry();
        long[] written = {0};
        try {
            Writer writer = new BufferedWriter(writer(out, encoding), 1 << 16);
            if (encoding == Encoding.UTF_8) {
                writer.write('\uFEFF');
            }
            CSVPrinter csv = new CSVPrinter(writer, CSVFormat.EXCEL);
            csv.printRecord(header(fields, receipts, personal, locale));
            String sql = """
                    select e.id, e.created_at, e.status, e.reasons, %s, d.fields_sealed, d.fields::text as fields,
                           (select coalesce(jsonb_agg(s.reading order by r.position), '[]'::jsonb)
                              from receipts.entry_receipts r
                              join receipts.submissions s on s.tenant_id = r.tenant_id and s.id = r.submission_id
                             where r.tenant_id = e.tenant_id and r.entry_id = e.id) as readings
                      from receipts.entries e
                      left join identity.entrant_details d on d.tenant_id = e.tenant_id and d.id = e.details_id
                      %s
                     where e.campaign_id = ?
                     order by e.created_at, e.id""".formatted(
                            personal ? "n.email, n.email_sealed" : "null as email, null as email_sealed",
                            personal
                                    ? "left join identity.entrants n on n.tenant_id = e.tenant_id and n.id = e.entrant_id"
                                    : "");
            cursor.query(
                    sql,
                    rs -> {
                        try {
                            csv.printRecord(row(rs, fields, receipts, personal));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        written[0]++;
                    },
                    campaignId);
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, @Nullable Object> details = new LinkedHashMap<>();
        details.put("campaign", campaignId.toString());
        details.put("entries", written[0]);
        details.put("encoding", encoding.charsetName());
        details.put("personal", personal);
        trail.record("entries.exported", null, details);
        return written[0];
    }

    /** The standard fields are the entrant's personal data; questionnaire answers are not. */
    static boolean isPersonal(FormField field) {
        return FormField.STANDARD_KEYS.contains(field.key());
    }

    static Writer writer(OutputStream out, Encoding encoding) {
        if (encoding == Encoding.UTF_8) {
            return new OutputStreamWriter(out, StandardCharsets.UTF_8);
        }
        CharsetEncoder encoder = Charset.forName("windows-31j")
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(CP932_REPLACEMENT);
        return new OutputStreamWriter(out, encoder);
    }

    private List<String> header(List<FormField> fields, int receipts, boolean personal, Locale locale) {
        List<String> cells = new ArrayList<>();
        cells.add(label("id", locale));
        cells.add(label("submittedAt", locale));
        cells.add(label("status", locale));
        cells.add(label("reasons", locale));
        if (personal) {
            cells.add(label("email", locale));
        }
        for (int i = 1; i <= receipts; i++) {
            for (String part : List.of("store", "purchasedAt", "total", "items")) {
                cells.add(messages.getMessage("review.csv.receipt." + part, new Object[] {i}, locale));
            }
        }
        for (FormField f : fields) {
            cells.add(safe(
                    f.label().isBlank()
                            ? messages.getMessage("review.csv.field." + f.key(), null, f.key(), locale)
                            : f.label()));
        }
        return cells;
    }

    private String label(String key, Locale locale) {
        return messages.getMessage("review.csv." + key, null, locale);
    }

    private List<@Nullable Object> row(ResultSet rs, List<FormField> fields, int receipts, boolean personal)
            throws SQLException {
        List<@Nullable Object> cells = new ArrayList<>();
        cells.add(rs.getObject("id", UUID.class).toString());
        cells.add(
                rs.getTimestamp("created_at").toInstant().atZone(TOKYO).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        cells.add(rs.getString("status"));
        var reasons = rs.getArray("reasons");
        cells.add(reasons == null ? "" : String.join(" ", Arrays.asList((String[]) reasons.getArray())));
        if (personal) {
            cells.add(safe(entrants.emailOf(rs.getBytes("email_sealed"), rs.getString("email"))));
        }
        JsonNode readings = json.readTree(rs.getString("readings"));
        for (int i = 0; i < receipts; i++) {
            JsonNode r = i < readings.size() ? readings.get(i) : null;
            if (r == null || r.isNull()) {
                cells.add(null);
                cells.add(null);
                cells.add(null);
                cells.add(null);
                continue;
            }
            cells.add(safe(text(r.path("store").path("name"))));
            cells.add(safe(text(r.path("purchasedAt"))));
            cells.add(number(r.path("total")));
            cells.add(safe(items(r.path("items"))));
        }
        String given = rs.getObject("fields_sealed") == null && rs.getString("fields") == null
                ? null
                : entrants.detailsJson(rs.getBytes("fields_sealed"), rs.getString("fields"));
        JsonNode values = given == null ? null : json.readTree(given);
        for (FormField f : fields) {
            cells.add(values == null ? null : safe(text(values.path(f.key()))));
        }
        return cells;
    }

    /** The items of a receipt in one cell: {@code name ×quantity amount}, separated by " / ". */
    static String items(JsonNode items) {
        if (!items.isArray()) {
            return "";
        }
        var sb = new StringBuilder();
        for (JsonNode item : items) {
            if (!sb.isEmpty()) {
                sb.append(" / ");
            }
            sb.append(item.path("name").isString() ? item.path("name").asString() : "?");
            JsonNode quantity = item.path("quantity");
            if (quantity.isNumber() && quantity.asLong() != 1) {
                sb.append(" ×").append(quantity.asLong());
            }
            BigDecimal amount = number(item.path("amount"));
            if (amount != null) {
                sb.append(' ').append(amount.toPlainString());
            }
        }
        return sb.toString();
    }

    private static @Nullable String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asString() : null;
    }

    private static @Nullable BigDecimal number(JsonNode node) {
        return node.isNumber() ? node.decimalValue() : null;
    }

    /**
     * A text cell a spreadsheet will not run: one that starts with {@code = + - @}, a tab or a carriage
     * return gets a leading {@code '} (OWASP's advice for CSV injection).
     */
    static @Nullable String safe(@Nullable String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        return switch (first) {
            case '=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠' -> "'" + cell;
            default -> cell;
        };
    }
}
