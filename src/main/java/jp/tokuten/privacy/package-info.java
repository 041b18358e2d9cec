/**
 * Personal data encrypted per tenant (issue 14 ★): {@link jp.tokuten.privacy.PersonalData} seals entrants'
 * and holders' names, addresses, phone numbers and e-mail addresses with the bound tenant's data key
 * (AES-256-GCM), itself kept wrapped by the master key from configuration ({@code TOKUTEN_MASTER_KEY}), and
 * gives keyed hashes (HMAC-SHA-256) to look them up by instead of the plain text. Deleting a tenant deletes
 * its key row ({@code privacy.tenant_keys}), so what older backups still hold of it cannot be read. The
 * crypto of every module is here, in one place. Design: {@code docs/modules/ops.md}, decision 143.
 *
 * <p>Depends on {@code tenancy} for the bound tenant and {@code platform} for the master key's loading.
 */
@ApplicationModule(allowedDependencies = {"tenancy", "platform", "shared"})
@NullMarked
package jp.tokuten.privacy;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
