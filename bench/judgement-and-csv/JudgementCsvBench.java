import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.TokutenApplication;
import jp.tokuten.campaigns.CampaignDraft;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.campaigns.FormField;
import jp.tokuten.receipts.CampaignAnalytics;
import jp.tokuten.receipts.EntryDecisions;
import jp.tokuten.receipts.EntryExport;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Judgement time at 10k and at 1M past entries in the tenant, and the CSV export of 1M entries in a heap
 * of 256 MB (bench/judgement-and-csv/README.md). tokuten starts on a fresh embedded PostgreSQL; past
 * entries (with their entrants, personal details, read receipts and duplicate fingerprints) are written
 * in bulk by SQL as the database owner with triggers off (the audit capture of a million generated rows
 * is not what is measured). At each size, {@code bench.judged} new entries are judged one after another
 * through {@link EntryDecisions#correct} (the automatic judgement, run again as after a correction: rules,
 * duplicates, identity signals, limits, storing the verdict) and the median and 90th percentile are
 * reported. Then the 1M entries are exported as CSV (personal columns included) to a stream that counts
 * bytes, with the heap's peak use read from the memory pools, and the analytics figures are timed.
 *
 * <p>Run with bench/judgement-and-csv/run (see its README). Not a test: figures depend on the machine.
 */
public class JudgementCsvBench {

    static final int WARM_UP = Integer.getInteger("bench.warmUp", 50);

    static final String[] STORES = {
        "あおばフレッシュマート", "コーヒーの森", "みどり商店", "さくらドラッグ", "ひまわりストア", "ファミリーマート 新市街店",
        "ローソン 駅前店", "セブン-イレブン 本町店", "まいばすけっと", "イオン 熊本店"
    };

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream(System.getProperty("bench.sizes", "10000,1000000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim()))
                .toArray();
        int judged = Integer.getInteger("bench.judged", 200);
        var dataDir = Files.createTempDirectory("tokuten-judgement-bench");
        System.out.printf(Locale.ROOT, "%d cores, max heap %d MB, sizes %s, %d judgements per size%n%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                Arrays.toString(sizes), judged);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TokutenApplication.class)
                .run(
                        "--tokuten.db.data-dir=" + dataDir,
                        "--tokuten.bootstrap.demo=false",
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--spring.main.banner-mode=off",
                        "--logging.level.root=WARN")) {
            var binder = context.getBean(TenantBinder.class);
            var tx = context.getBean(TransactionTemplate.class);
            var jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            TenantView tenant = context.getBean(Tenants.class).create("bench-judge", "ベンチ");
            LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
            var period = new CampaignView.Period(today.minusDays(60), today.plusDays(60));
            var draft = new CampaignDraft(
                    "ベンチキャンペーン", period, period, 7, 300L, List.of(), List.of(), List.of(),
                    List.of(new CampaignView.TargetProduct("緑茶", List.of("ﾘｮｸﾁｬ"), List.of(), 1, null)),
                    new CampaignView.EntrantLimit(5, 50), 3,
                    List.of(new FormField("name", "", true, FormField.CharType.TEXT, 40, List.of()),
                            new FormField("address", "", false, FormField.CharType.TEXT, 100, List.of()),
                            new FormField("q1", "よく買う場所", false, FormField.CharType.TEXT, 40, List.of())),
                    "", "", null, "review");
            var campaigns = context.getBean(Campaigns.class);
            UUID campaign = binder.callAs(tenant.id(), () -> tx.execute(s -> {
                UUID id = campaigns.create(draft).id();
                campaigns.open(id);
                return id;
            }));

            int generated = 0;
            List<String> rows = new ArrayList<>();
            double first = 0;
            for (int size : sizes) {
                long t0 = System.nanoTime();
                generate(context, tenant, campaign, generated, size);
                generated = size;
                System.out.printf(Locale.ROOT, "generated %,d past entries (%.0f s)%n", size, (System.nanoTime() - t0) / 1e9);
                double[] ms = judge(context, binder, tx, jdbc, tenant, campaign, judged, size);
                Arrays.sort(ms);
                double median = ms[ms.length / 2];
                double p90 = ms[(int) Math.floor(ms.length * 0.9)];
                if (first == 0) {
                    first = median;
                }
                var analytics = context.getBean(CampaignAnalytics.class);
                long a0 = System.nanoTime();
                binder.callAs(tenant.id(), () -> analytics.of(campaign));
                double analyticsSeconds = (System.nanoTime() - a0) / 1e9;
                rows.add(String.format(Locale.ROOT, "| %,d | %.2f ms | %.2f ms | %.2f× | %.2f s |", size, median, p90,
                        median / first, analyticsSeconds));
            }
            System.out.println();
            System.out.println("| past entries | judgement median | p90 | vs first size | analytics page figures |");
            System.out.println("|---|---|---|---|---|");
            rows.forEach(System.out::println);
            if (!Boolean.parseBoolean(System.getProperty("bench.csv", "true"))) {
                return;
            }

            var export = context.getBean(EntryExport.class);
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP)
                    .toList();
            System.gc();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            long[] bytes = {0};
            OutputStream counting = new OutputStream() {
                @Override
                public void write(int b) {
                    bytes[0]++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    bytes[0] += len;
                }
            };
            long t0 = System.nanoTime();
            long exported = binder.callAs(
                    tenant.id(), () -> export.write(campaign, EntryExport.Encoding.UTF_8, true, Locale.JAPANESE, counting));
            double seconds = (System.nanoTime() - t0) / 1e9;
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf(Locale.ROOT,
                    "%nCSV: %,d entries (%,d judged ones included), %,d MB in %.1f s (%,.0f rows/s); heap max %d MB,"
                            + " peak use during the export %d MB (sum of the heap pools' peaks)%n",
                    exported, (long) judged * sizes.length, bytes[0] >> 20, seconds, exported / seconds,
                    Runtime.getRuntime().maxMemory() >> 20, peak >> 20);

            var analytics = context.getBean(CampaignAnalytics.class);
            binder.callAs(tenant.id(), () -> analytics.of(campaign));
            t0 = System.nanoTime();
            var figures = binder.callAs(tenant.id(), () -> analytics.of(campaign));
            System.out.printf(Locale.ROOT, "analytics of %,d entries: %.2f s%n", figures.entries(), (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Past entries {@code from} … {@code to - 1}: one entrant per ten entries, each entry one read receipt. */
    static void generate(ConfigurableApplicationContext context, TenantView tenant, UUID campaign, int from, int to)
            throws Exception {
        Object database = context.getBean(Class.forName("jp.tokuten.platform.TokutenDatabase"));
        Method owner = database.getClass().getDeclaredMethod("ownerConnection");
        owner.setAccessible(true);
        String t = tenant.id().value().toString();
        int batch = 100_000;
        try (Connection c = (Connection) owner.invoke(database); Statement st = c.createStatement()) {
            st.execute("set session_replication_role = replica");
            for (int a = from; a < to; a += batch) {
                int b = Math.min(to, a + batch);
                String range = " from generate_series(" + a + ", " + (b - 1) + ") g";
                String stores = "(array['" + String.join("','", STORES) + "'])[1 + g % " + STORES.length + "]";
                st.execute("insert into identity.entrants (tenant_id, id, email, created_at) select '" + t
                        + "', md5('entrant' || g)::uuid, 'e' || g || '@bench.example', now()" + range + " where g % 10 = 0");
                st.execute("insert into identity.entrant_details (tenant_id, id, entrant_id, fields, created_at) select '" + t
                        + "', md5('details' || g)::uuid, md5('entrant' || (g / 10 * 10))::uuid,"
                        + " jsonb_build_object('name', '応募 太郎' || g, 'address', '熊本県熊本市中央区' || g || '番地', 'q1', 'スーパー'),"
                        + " now()" + range);
                st.execute("insert into receipts.submissions (tenant_id, id, photo_id, file_name, status, reading, created_at, read_at)"
                        + " select '" + t + "', md5('submission' || g)::uuid, md5('photo' || g)::uuid, 'r.jpg', 'read',"
                        + " jsonb_build_object('store', jsonb_build_object('name', " + stores + "),"
                        + "   'purchasedAt', to_char(current_date - (g % 30), 'YYYY-MM-DD') || 'T12:' || lpad((g % 60)::text, 2, '0') || ':00',"
                        + "   'receiptNumber', g::text, 'total', 300 + g % 3000, 'currency', 'JPY',"
                        + "   'items', jsonb_build_array(jsonb_build_object('name', '緑茶', 'quantity', 1 + g % 3, 'amount', 150 * (1 + g % 3), 'confidence', 0.95),"
                        + "                              jsonb_build_object('name', 'おにぎり', 'quantity', 1, 'amount', 150, 'confidence', 0.9)),"
                        + "   'confidence', jsonb_build_object('store.name', 0.95, 'purchasedAt', 0.95, 'total', 0.97)),"
                        + " now() - (g || ' seconds')::interval, now()" + range);
                st.execute("insert into receipts.entries (tenant_id, id, campaign_id, entrant_id, details_id, status, reasons,"
                        + " created_at, judged_at, device_id, address_hash, counted_on) select '" + t + "', md5('entry' || g)::uuid, '"
                        + campaign + "', md5('entrant' || (g / 10 * 10))::uuid, md5('details' || g)::uuid,"
                        + " (array['approved','approved','approved','rejected','review'])[1 + g % 5],"
                        + " case g % 5 when 3 then '{no_target_item}'::text[] when 4 then '{low_confidence}'::text[] else '{}'::text[] end,"
                        + " now() - (g || ' seconds')::interval, now(), 'device-' || (g / 10), md5('address' || (g / 10)),"
                        + " current_date - (g % 30)" + range);
                st.execute("insert into receipts.entry_receipts (tenant_id, entry_id, position, submission_id) select '" + t
                        + "', md5('entry' || g)::uuid, 0, md5('submission' || g)::uuid" + range);
                st.execute("insert into receipts.receipt_fingerprints (tenant_id, kind, fingerprint, entry_id, submission_id)"
                        + " select '" + t + "', 'content', md5('fingerprint' || g), md5('entry' || g)::uuid,"
                        + " md5('submission' || g)::uuid" + range + " where g % 5 <> 3");
            }
            st.execute("set session_replication_role = origin");
            st.execute("analyze");
        }
    }

    /**
     * Judges {@code count} new entries (each from a new entrant, with a receipt read anew) one after
     * another, each in its own transaction; returns the milliseconds each took.
     */
    static double[] judge(
            ConfigurableApplicationContext context,
            TenantBinder binder,
            TransactionTemplate tx,
            JdbcTemplate jdbc,
            TenantView tenant,
            UUID campaign,
            int count,
            int size) {
        var decisions = context.getBean(EntryDecisions.class);
        List<UUID> entries = binder.callAs(tenant.id(), () -> tx.execute(s -> {
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                UUID entrant = UUID.randomUUID();
                jdbc.update("insert into identity.entrants (id, email, created_at) values (?, ?, now())",
                        entrant, "new-" + size + "-" + i + "@bench.example");
                UUID submission = UUID.randomUUID();
                jdbc.update("""
                        insert into receipts.submissions (id, photo_id, file_name, status, reading, created_at, read_at)
                        values (?, ?, 'r.jpg', 'read', ?::jsonb, now(), now())""",
                        submission, UUID.randomUUID(),
                        "{\"store\":{\"name\":\"みどり商店\"},\"purchasedAt\":\"" + LocalDate.now(ZoneId.of("Asia/Tokyo"))
                                + "T10:" + String.format(Locale.ROOT, "%02d", i % 60) + ":00\",\"receiptNumber\":\"N" + size + "-" + i
                                + "\",\"total\":" + (500 + i) + ",\"currency\":\"JPY\",\"items\":[{\"name\":\"緑茶\",\"quantity\":2,"
                                + "\"amount\":300,\"confidence\":0.95}],\"confidence\":{\"store.name\":0.95,\"purchasedAt\":0.95,"
                                + "\"total\":0.97}}");
                UUID entry = UUID.randomUUID();
                jdbc.update("""
                        insert into receipts.entries (id, campaign_id, entrant_id, created_at, device_id)
                        values (?, ?, ?, now(), ?)""", entry, campaign, entrant, "device-new-" + i);
                jdbc.update("insert into receipts.entry_receipts (entry_id, position, submission_id) values (?, 0, ?)",
                        entry, submission);
                ids.add(entry);
            }
            return ids;
        }));
        // warm-up judgements (class loading, the JIT, plans) are not counted
        int warm = Math.min(WARM_UP, entries.size() - 1);
        for (int i = 0; i < warm; i++) {
            UUID e = entries.get(i);
            binder.runAs(tenant.id(), () -> decisions.correct(e, Map.of()));
        }
        double[] ms = new double[entries.size() - warm];
        for (int i = 0; i < ms.length; i++) {
            UUID e = entries.get(i + warm);
            long t0 = System.nanoTime();
            var view = binder.callAs(tenant.id(), () -> decisions.correct(e, Map.of()));
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (i == 0) {
                System.out.println("  first judged entry: " + view.status() + " " + view.reasons());
            }
        }
        return ms;
    }
}
