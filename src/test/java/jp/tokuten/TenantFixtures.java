package jp.tokuten;

import java.util.concurrent.atomic.AtomicInteger;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;

/** Small factories for tenants with slugs unique within a test run. */
public final class TenantFixtures {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private TenantFixtures() {}

    public static String uniqueSlug(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + SEQUENCE.incrementAndGet();
    }

    public static TenantView aTenant(Tenants tenants, String prefix) {
        return tenants.create(uniqueSlug(prefix), prefix + " 株式会社");
    }
}
