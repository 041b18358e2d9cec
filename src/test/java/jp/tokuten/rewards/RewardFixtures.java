package jp.tokuten.rewards;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;

/** Awards for tests, and bursts of concurrent calls counted by outcome. */
final class RewardFixtures {

    private RewardFixtures() {}

    static NewAward physical(UUID campaign, UUID entrant) {
        return NewAward.physical(
                campaign, UUID.randomUUID(), UUID.randomUUID(), entrant, null, NewAward.Source.DRAW, "特製タオル", 1500);
    }

    static NewAward giftCode(UUID campaign, UUID entrant, UUID pool) {
        return new NewAward(
                campaign,
                UUID.randomUUID(),
                UUID.randomUUID(),
                entrant,
                UUID.randomUUID(),
                NewAward.Source.INSTANT_WIN,
                NewAward.Kind.GIFT_CODE,
                "デジタルギフト500円分",
                500,
                pool,
                null,
                null);
    }

    /** Runs {@code calls} calls at once on {@code threads} threads, each bound to the tenant; counts by outcome. */
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
