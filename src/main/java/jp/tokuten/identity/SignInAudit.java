package jp.tokuten.identity;

import java.util.Map;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.tenancy.TenantBinder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sign-ins in the audit log: a success goes to the chain of the account's tenant (the platform chain for
 * operators); a failure to the platform chain, since the tenant named may not exist. Each is its own
 * transaction, so it is kept whatever happens to the request.
 */
@Component
class SignInAudit {

    private final AuditTrail audit;
    private final TransactionTemplate newTx;

    SignInAudit(AuditTrail audit, PlatformTransactionManager transactions) {
        this.audit = audit;
        this.newTx = new TransactionTemplate(transactions);
        newTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Must run with the account's tenant bound (none for an operator): sign-ins bind it. */
    void succeeded(ConsoleAudience audience, AccountRef account, String address) {
        var bound = TenantBinder.current();
        if (account.isOperator() ? bound.isPresent() : !bound.equals(java.util.Optional.of(account.tenantId()))) {
            throw new IllegalStateException("A sign-in is recorded with its account's tenant bound");
        }
        newTx.executeWithoutResult(status -> audit.record(
                "sign_in.succeeded",
                null,
                Map.of("console", audience.name(), "account", account.id(), "address", address)));
    }

    void failed(ConsoleAudience audience, String tenant, String email, String address, String step) {
        newTx.executeWithoutResult(status -> audit.record(
                "sign_in.failed",
                null,
                Map.of(
                        "console",
                        audience.name(),
                        "tenant",
                        tenant,
                        "email",
                        email,
                        "address",
                        address,
                        "step",
                        step)));
    }
}
