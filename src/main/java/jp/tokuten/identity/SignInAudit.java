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
    private final TenantBinder binder;
    private final TransactionTemplate newTx;

    SignInAudit(AuditTrail audit, TenantBinder binder, PlatformTransactionManager transactions) {
        this.audit = audit;
        this.binder = binder;
        this.newTx = new TransactionTemplate(transactions);
        newTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    void succeeded(ConsoleAudience audience, AccountRef account, String address) {
        Runnable record = () -> newTx.executeWithoutResult(status -> audit.record(
                "sign_in.succeeded",
                null,
                Map.of("console", audience.name(), "account", account.id(), "address", address)));
        if (account.isOperator()) {
            record.run();
        } else {
            binder.runAs(account.tenantId(), record);
        }
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
