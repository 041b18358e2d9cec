/**
 * Personal data encrypted per tenant (issue 14 ★): {@link jp.tokuten.privacy.PersonalData} seals entrants'
 * and holders' names, addresses, phone numbers and e-mail addresses with the bound tenant's data key
 * (AES-256-GCM), itself kept wrapped by the master key from configuration ({@code TOKUTEN_MASTER_KEY}) in a
 * file outside the database ({@code TOKUTEN_KEY_DIR}), and gives keyed hashes (HMAC-SHA-256) to look them up
 * by instead of the plain text. Deleting a tenant destroys its key file, so what older database backups
 * still hold of it cannot be read. The crypto of every module is here, in one place. Design: {@code docs/modules/ops.md}, decision 143.
 *
 * <p>Depends on {@code tenancy} for the bound tenant and the tenants to seal at start-up, and {@code platform}
 * for the master key's loading.
 */
@ApplicationModule(allowedDependencies = {"tenancy", "platform", "shared"})
@NullMarked
package jp.tokuten.privacy;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
