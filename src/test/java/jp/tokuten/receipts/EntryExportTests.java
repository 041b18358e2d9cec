package jp.tokuten.receipts;

import static jp.tokuten.campaigns.CampaignFixtures.aDraft;
import static jp.tokuten.campaigns.CampaignFixtures.field;
import static jp.tokuten.campaigns.CampaignFixtures.withForm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.ApiKeyFixtures;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.campaigns.FormField;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

@TokutenTest
class EntryExportTests {

    @Autowired
    EntryExport export;

    @Autowired
    Campaigns campaigns;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    MockMvc mvc;

    @Autowired
    jp.tokuten.audit.AuditLog auditLog;

    @Autowired
    Clock clock;

    TenantView tenant;
    CampaignView campaign;
    UUID first;

    @BeforeEach
    void entries() {
        tenant = TenantFixtures.aTenant(tenants, "csv");
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Tokyo")));
        binder.runAs(
                tenant.id(),
                () -> tx.executeWithoutResult(s -> {
                    campaign = campaigns.create(withForm(
                            aDraft(today),
                            List.of(
                                    field("name", FormField.CharType.TEXT, 40, true),
                                    new FormField("q1", "好きな味", false, FormField.CharType.TEXT, 40, List.of()))));
                    var rows = new EntryRows(jdbc);
                    UUID entrant = rows.entrant("hanako@example.jp");
                    UUID details = rows.details(entrant, """
                    {"name": "=HYPERLINK(\\"http://evil.example\\")", "q1": "髙橋😀"}""");
                    first = rows.entry(
                            campaign.id(),
                            entrant,
                            details,
                            "rejected",
                            List.of("no_target_item", "below_minimum_amount"),
                            Instant.parse("2026-06-01T15:30:00Z"),
                            List.of(
                                    EntryRows.reading(
                                            "あおばマート", "2026-06-01T20:00:00", 1280, "@SUM(A1)", 2, 560, "牛乳", 1, 720),
                                    EntryRows.reading("-1+1", "2026-06-02", 300)));
                    rows.entry(
                            campaign.id(),
                            entrant,
                            null,
                            "pending",
                            List.of(),
                            Instant.parse("2026-06-02T01:00:00Z"),
                            java.util.Arrays.asList((String) null));
                }));
    }

    byte[] write(EntryExport.Encoding encoding, boolean personal) {
        var out = new ByteArrayOutputStream();
        binder.runAs(tenant.id(), () -> export.write(campaign.id(), encoding, personal, Locale.JAPANESE, out));
        return out.toByteArray();
    }

    static List<CSVRecord> parse(String text) throws Exception {
        return CSVFormat.EXCEL.parse(new StringReader(text)).getRecords();
    }

    @Test
    void writesUtf8WithBomOneRowPerEntryWithReceiptsAndFields() throws Exception {
        byte[] bytes = write(EntryExport.Encoding.UTF_8, true);
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(bytes, StandardCharsets.UTF_8).substring(1);
        assertThat(text).contains("\r\n");
        var records = parse(text);
        assertThat(records).hasSize(3);
        assertThat(records.get(0).toList())
                .startsWith("応募ID", "応募日時", "状態", "理由コード", "メールアドレス", "レシート1 店舗")
                .endsWith("氏名", "好きな味");
        assertThat(records.get(0).size()).isEqualTo(5 + 3 * 4 + 2);
        var row = records.get(1).toList();
        assertThat(row.get(0)).isEqualTo(first.toString());
        assertThat(row.get(1)).isEqualTo("2026-06-02T00:30:00+09:00");
        assertThat(row.get(2)).isEqualTo("rejected");
        assertThat(row.get(3)).isEqualTo("no_target_item below_minimum_amount");
        assertThat(row.get(4)).isEqualTo("hanako@example.jp");
        assertThat(row.subList(5, 9))
                .containsExactly("あおばマート", "2026-06-01T20:00:00", "1280", "'@SUM(A1) ×2 560 / 牛乳 720");
        assertThat(row.subList(9, 13)).containsExactly("'-1+1", "2026-06-02", "300", "");
        assertThat(row.subList(13, 17)).containsExactly("", "", "", "");
        assertThat(row.get(17)).isEqualTo("'=HYPERLINK(\"http://evil.example\")");
        assertThat(row.get(18)).isEqualTo("髙橋😀");
        var pending = records.get(2).toList();
        assertThat(pending.get(2)).isEqualTo("pending");
        assertThat(pending.subList(5, 9)).containsExactly("", "", "", "");
    }

    @Test
    void everyCellThatASpreadsheetWouldRunIsQuoted() {
        for (String cell : List.of("=1+1", "+1", "-1", "@A1", "\tx", "\rx", "＝1")) {
            assertThat(EntryExport.safe(cell)).isEqualTo("'" + cell);
        }
        for (String cell : List.of("1", "あ", "a=b", "")) {
            assertThat(EntryExport.safe(cell)).isEqualTo(cell);
        }
    }

    @Test
    void leavesOutPersonalDataWhenTheCallerMayNotSeeIt() throws Exception {
        var records = parse(new String(write(EntryExport.Encoding.UTF_8, false), StandardCharsets.UTF_8).substring(1));
        assertThat(records.get(0).toList()).doesNotContain("メールアドレス", "氏名").contains("好きな味");
        assertThat(String.join(",", records.get(1).toList()))
                .doesNotContain("hanako@example.jp")
                .doesNotContain("HYPERLINK")
                .contains("髙橋😀");
    }

    @Test
    void writesCp932ForExcelWithAVisibleMarkForWhatItCannotHold() throws Exception {
        byte[] bytes = write(EntryExport.Encoding.CP932, true);
        assertThat(bytes[0]).isNotEqualTo((byte) 0xEF);
        String text = new String(bytes, Charset.forName("windows-31j"));
        var records = parse(text);
        assertThat(records.get(0).get(0)).isEqualTo("応募ID");
        assertThat(records.get(1).get(5)).isEqualTo("あおばマート");
        assertThat(records.get(1).get(18)).isEqualTo("髙橋〓");
    }

    @Test
    void writesInPiecesAsItGoesNotAllAtTheEnd() {
        binder.runAs(
                tenant.id(),
                () -> tx.executeWithoutResult(s -> {
                    var rows = new EntryRows(jdbc);
                    UUID entrant = rows.entrant("many@example.jp");
                    for (int i = 0; i < 3000; i++) {
                        rows.entry(
                                campaign.id(),
                                entrant,
                                null,
                                "approved",
                                List.of(),
                                Instant.parse("2026-06-03T00:00:00Z").plusSeconds(i),
                                List.of(EntryRows.reading("店" + i, "2026-06-03", 100 + i, "お茶", 1, 100 + i)));
                    }
                }));
        List<Integer> writes = new ArrayList<>();
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                writes.add(1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes.add(len);
            }
        };
        long rows = binder.callAs(
                tenant.id(),
                () -> export.write(campaign.id(), EntryExport.Encoding.UTF_8, false, Locale.JAPANESE, counting));
        assertThat(rows).isEqualTo(3002);
        assertThat(writes).hasSizeGreaterThan(3);
        assertThat(writes.stream().mapToInt(Integer::intValue).max().orElseThrow())
                .isLessThanOrEqualTo(1 << 17);
        var exported = binder.callAs(
                tenant.id(),
                () -> auditLog.entries(
                        new jp.tokuten.audit.AuditFilter(null, null, null, "entries.exported", null, null), 10));
        assertThat(exported).hasSize(1);
        assertThat(exported.getFirst().details())
                .contains(campaign.id().toString())
                .contains("3002");
    }

    @Test
    void anotherTenantsCampaignIsNotFound() {
        var other = TenantFixtures.aTenant(tenants, "csv-other");
        binder.runAs(other.id(), () -> {
            var out = new ByteArrayOutputStream();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> export.write(campaign.id(), EntryExport.Encoding.UTF_8, true, Locale.JAPANESE, out))
                    .isInstanceOfSatisfying(
                            ProblemException.class, p -> assertThat(p.code()).isEqualTo("not_found"));
            assertThat(out.toByteArray()).isEmpty();
        });
    }

    String key(TenantRole role) {
        return ApiKeyFixtures.aKey(dataSource, binder, tx, tenant, role);
    }

    @ParameterizedTest
    @EnumSource(
            value = TenantRole.class,
            names = {"ADMIN", "EDITOR", "REVIEWER", "VIEWER"})
    void theApiStreamsTheCsvWithPersonalDataForEditorsAndAdminsOnly(TenantRole role) throws Exception {
        var response = mvc.perform(get("/api/v1/campaigns/" + campaign.id() + "/entries.csv")
                        .header("Authorization", key(role)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(response.getContentType()).startsWith("text/csv");
        assertThat(response.getHeader("Content-Disposition")).startsWith("attachment");
        String text = new String(response.getContentAsByteArray(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF").contains(first.toString());
        assertThat(text.contains("hanako@example.jp")).isEqualTo(role == TenantRole.ADMIN || role == TenantRole.EDITOR);
    }

    @Test
    void theApiWritesCp932WhenAskedAndRefusesAnUnknownEncoding() throws Exception {
        String key = key(TenantRole.VIEWER);
        byte[] body = mvc.perform(get("/api/v1/campaigns/" + campaign.id() + "/entries.csv")
                        .param("encoding", "cp932")
                        .header("Authorization", key))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(new String(body, Charset.forName("windows-31j"))).startsWith("応募ID");
        mvc.perform(get("/api/v1/campaigns/" + campaign.id() + "/entries.csv")
                        .param("encoding", "latin1")
                        .header("Authorization", key))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_encoding"));
        mvc.perform(get("/api/v1/campaigns/not-a-uuid/entries.csv").header("Authorization", key))
                .andExpect(status().is4xxClientError());
    }

    @Test
    void theApiAnswersNotFoundForAnotherTenantsCampaign() throws Exception {
        var other = TenantFixtures.aTenant(tenants, "csv-api-other");
        String theirs = ApiKeyFixtures.aKey(dataSource, binder, tx, other, TenantRole.ADMIN);
        mvc.perform(get("/api/v1/campaigns/" + campaign.id() + "/entries.csv").header("Authorization", theirs))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        mvc.perform(get("/api/v1/campaigns/" + UUID.randomUUID() + "/entries.csv")
                        .header("Authorization", theirs))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
    }
}
