/**
 * Notifications: e-mail now (SMTP), LINE messages and maintenance notices later. Other modules hand it a
 * finished message; it knows how to deliver it and says whether it did.
 *
 * <p>Depends on no other module.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package jp.tokuten.notifications;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
