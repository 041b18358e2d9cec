package jp.tokuten.audit;

import jp.tokuten.tenancy.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * The result of recomputing one chain: the tenant's (or the platform's, when {@code tenant} is null),
 * how many sealed entries checked out, how many are not sealed yet, and the first entry found changed,
 * deleted or out of order with what is wrong with it.
 */
public record ChainVerification(
        @Nullable TenantId tenant,
        long checked,
        long pending,
        @Nullable Long firstBadEntry,
        @Nullable String problem) {

    public boolean intact() {
        return problem == null;
    }

    public String chainName() {
        return tenant == null ? "platform" : "tenant " + tenant;
    }
}
