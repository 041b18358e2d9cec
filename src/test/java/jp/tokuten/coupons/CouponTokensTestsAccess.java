package jp.tokuten.coupons;

import java.time.Instant;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;
import org.springframework.transaction.support.TransactionTemplate;

/** Lets tests of other packages make a holder's rotating token of an earlier step, as a screenshot shows. */
public final class CouponTokensTestsAccess {

    private CouponTokensTestsAccess() {}

    /** The token the instance's screen showed {@code stepsAgo} steps (of five seconds) ago. */
    public static String tokenStepsAgo(
            Redemptions redemptions,
            TenantBinder binder,
            TransactionTemplate tx,
            TenantId tenant,
            String code,
            int stepsAgo) {
        var instance = binder.callAs(tenant, () -> redemptions.instance(code).orElseThrow());
        byte[] key = binder.callAs(tenant, () -> tx.execute(s -> redemptions.tokenKeyFor(instance)));
        return RotatingTokens.token(key, instance.id(), RotatingTokens.step(Instant.now()) - stepsAgo);
    }
}
