package jp.tokuten.rewards;

import java.io.IOException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;
import org.springframework.context.ApplicationContext;

/** Lets tests of other packages load the postal-code sample and run a tenant's delivery sweep. */
public final class RewardsTestsAccess {

    private RewardsTestsAccess() {}

    public static void loadPostalCodeSample(ApplicationContext context) throws IOException {
        context.getBean(PostalCodes.class).load(KenAllFileTests.sample(), "utf_ken_all-sample.csv");
    }

    /** Runs the delivery sweep of {@code tenant} as the job worker runs it (mails what is due). */
    public static void sweep(ApplicationContext context, TenantId tenant) {
        context.getBean(TenantBinder.class)
                .runAs(tenant, () -> context.getBean(DeliverySweep.class).sweep());
    }

    /** The token of the address form's link in the last winner e-mail to {@code email}. */
    public static String mailedFormToken(String email) throws Exception {
        return DeliveryTests.token(email);
    }
}
