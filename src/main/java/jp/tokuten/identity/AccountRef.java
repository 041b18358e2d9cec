package jp.tokuten.identity;

import java.io.Serializable;
import java.util.UUID;
import jp.tokuten.tenancy.TenantId;
import org.jspecify.annotations.Nullable;

/** An account that signs in: an operator ({@code tenantId} null) or a tenant user. */
public record AccountRef(@Nullable TenantId tenantId, UUID id, String email) implements Serializable {

    public boolean isOperator() {
        return tenantId == null;
    }
}
