package jp.tokuten.coupons;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;

/** Coupons for tests, and bursts of concurrent calls counted by outcome. */
final class CouponFixtures {

    private CouponFixtures() {}

    static CouponDraft yenOff(long yen) {
        return CouponDraft.simple("100円引きクーポン", new Benefit(Benefit.Type.AMOUNT_OFF, yen, null, ""), 30);
    }

    /**
     * Runs {@code calls} calls at once on {@code threads} threads, each bound to the tenant; the count of each
     * outcome: "ok" or the problem code.
     */
    static Map<String, Integer> burst(
            TenantBinder binder, TenantId tenant, int calls, int threads, IntFunction<Object> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                int n = i;
                all.add(pool.submit(() -> {
                    start.await();
                    String outcome;
                    try {
                        binder.callAs(tenant, () -> call.apply(n));
                        outcome = "ok";
                    } catch (ProblemException p) {
                        outcome = p.code();
                    }
                    outcomes.merge(outcome, 1, Integer::sum);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return outcomes;
    }
}
