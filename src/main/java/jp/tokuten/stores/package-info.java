/**
 * Stores (店舗): a tenant's shops, each with its name, chain, branch, prefecture, phone number and
 * qualified-invoice registration number (登録番号, T + 13 digits), kept by hand or as CSV. It finds the
 * store a receipt was read from ({@link jp.tokuten.stores.Stores#match}) and names the stores the receipt
 * reader should know ({@link jp.tokuten.stores.Stores#names()}).
 *
 * <p>Depends on {@code identity} for the first run's demo tenant (sample stores), {@code tenancy} for the
 * bound tenant, {@code audit} to record what was changed and
 * imported, and {@code shared} for problems, ids and folded text.
 */
@ApplicationModule(allowedDependencies = {"identity", "tenancy", "audit", "shared"})
@NullMarked
package jp.tokuten.stores;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
