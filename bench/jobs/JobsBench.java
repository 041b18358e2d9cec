import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import jp.tokuten.TokutenApplication;
import jp.tokuten.receipts.ReceiptSubmissions;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;
import jp.tokuten.tenancy.Tenants;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Receipts read per minute by one node: the job worker pool at several sizes. One job at a time
 * ({@code workers=1}) is what a node did before the pool (its jobs ran one by one on the single
 * scheduler thread). For each size, tokuten starts on a fresh embedded PostgreSQL with
 * {@code tokuten.jobs.workers} set, a tenant submits every image of the given folders through
 * {@link ReceiptSubmissions#submit} (intake check, storage, job), and the clock runs from the first
 * submission until every submission is read (or failed). Two receipts are read first to load the OCR
 * models and are not counted. Sizes are run in turn, {@code bench.repeats} times, and the median is
 * reported.
 *
 * <p>Run with bench/jobs/run (see bench/README.md). Not a test: figures depend on the machine.
 */
public class JobsBench {

    public static void main(String[] args) throws Exception {
        int limit = Integer.getInteger("bench.limit", 20);
        int repeats = Integer.getInteger("bench.repeats", 1);
        int[] sizes = Arrays.stream(System.getProperty("bench.workers", "1,2,4").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim()))
                .toArray();
        List<Path> images = new ArrayList<>();
        for (String dir : args) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                files.filter(p -> p.getFileName().toString().matches("(?i).*\\.(png|jpe?g)$"))
                        .sorted()
                        .forEach(images::add);
            }
        }
        if (images.isEmpty()) {
            System.err.println("usage: bench/jobs/run IMAGE_DIR...");
            System.exit(2);
        }
        images = images.subList(0, Math.min(limit, images.size()));
        System.out.printf(Locale.ROOT, "%d receipts, %d cores, pool sizes %s, %d run(s) each%n%n",
                images.size(), Runtime.getRuntime().availableProcessors(), Arrays.toString(sizes), repeats);

        var perMinute = new double[sizes.length][repeats];
        for (int r = 0; r < repeats; r++) {
            for (int s = 0; s < sizes.length; s++) {
                perMinute[s][r] = run(sizes[s], images);
                System.out.printf(Locale.ROOT, "  run %d, workers=%d: %.1f receipts/min%n", r + 1, sizes[s],
                        perMinute[s][r]);
            }
        }
        System.out.println();
        System.out.println("| workers | receipts/min (median of " + repeats + ") | vs one at a time |");
        System.out.println("|---|---|---|");
        double base = median(perMinute[0]);
        for (int s = 0; s < sizes.length; s++) {
            double m = median(perMinute[s]);
            System.out.printf(Locale.ROOT, "| %d | %.1f | %.2f× |%n", sizes[s], m, m / base);
        }
    }

    static double median(double[] samples) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Receipts per minute read by one node whose pool has {@code workers} threads. */
    static double run(int workers, List<Path> images) throws Exception {
        var dataDir = Files.createTempDirectory("tokuten-jobs-bench");
        try (var context = new SpringApplicationBuilder(TokutenApplication.class)
                .run(
                        "--tokuten.db.data-dir=" + dataDir,
                        "--tokuten.bootstrap.demo=false",
                        "--tokuten.jobs.workers=" + workers,
                        "--tokuten.jobs.poll-interval=PT0.2S",
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--spring.main.banner-mode=off",
                        "--logging.level.root=WARN")) {
            var tenants = context.getBean(Tenants.class);
            var binder = context.getBean(TenantBinder.class);
            var submissions = context.getBean(ReceiptSubmissions.class);
            TenantId tenant = tenants.create("bench-" + Long.toString(System.nanoTime(), 36), "Bench")
                    .id();
            // warm-up: the OCR models load on first use
            awaitRead(binder, submissions, tenant, submit(binder, submissions, tenant, images.subList(0, 2)));
            long start = System.nanoTime();
            List<UUID> ids = submit(binder, submissions, tenant, images);
            awaitRead(binder, submissions, tenant, ids);
            double minutes = (System.nanoTime() - start) / 60e9;
            return images.size() / minutes;
        } finally {
            try (Stream<Path> walk = Files.walk(dataDir)) {
                walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    static List<UUID> submit(TenantBinder binder, ReceiptSubmissions submissions, TenantId tenant, List<Path> images)
            throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (Path image : images) {
            byte[] bytes = Files.readAllBytes(image);
            String name = image.getFileName().toString();
            ids.add(binder.callAs(tenant, () -> {
                        try {
                            return submissions.submit(
                                    new org.springframework.core.io.ByteArrayResource(bytes), bytes.length, name);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .id());
        }
        return ids;
    }

    static void awaitRead(TenantBinder binder, ReceiptSubmissions submissions, TenantId tenant, List<UUID> ids)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
        List<UUID> left = new ArrayList<>(ids);
        while (!left.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(left.size() + " receipts still unread after 30 minutes");
            }
            left.removeIf(id -> binder.callAs(tenant, () -> submissions.find(id))
                    .map(s -> !"queued".equals(s.status()))
                    .orElse(true));
            if (!left.isEmpty()) {
                Thread.sleep(100); // a benchmark polling its own clock, not a test waiting for a state
            }
        }
    }
}
