package jp.tokuten.ops;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUserAdministration;
import jp.tokuten.notifications.Mail;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells the admins of every active tenant about a scheduled window by e-mail, once it is committed, on a
 * thread of its own (the operator's request does not wait for hundreds of messages). In Japanese, the
 * service's language for notices (decision 129); times in Japan time. A failed message is counted in the
 * log (without the address) and does not undo the window: the notice is on the pages and /status too.
 */
@Component
class MaintenanceMail {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceMail.class);
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");

    private final Tenants tenants;
    private final TenantBinder binder;
    private final TenantUserAdministration users;
    private final Mail mail;
    private final MessageSource messages;

    MaintenanceMail(
            Tenants tenants, TenantBinder binder, TenantUserAdministration users, Mail mail, MessageSource messages) {
        this.tenants = tenants;
        this.binder = binder;
        this.users = users;
        this.mail = mail;
        this.messages = messages;
    }

    @TransactionalEventListener
    void scheduled(MaintenanceScheduled event) {
        Thread.ofVirtual().name("maintenance-mail").start(() -> announce(event.window()));
    }

    void announce(MaintenanceWindow w) {
        Locale ja = Locale.JAPANESE;
        String from = WHEN.format(w.startsAt().atZone(TOKYO));
        String to = WHEN.format(w.endsAt().atZone(TOKYO));
        String kind =
                messages.getMessage(w.emergency() ? "ops.mail.kind.emergency" : "ops.mail.kind.planned", null, ja);
        int sent = 0;
        int failed = 0;
        for (TenantView tenant : tenants.list()) {
            if (!tenant.isActive()) {
                continue;
            }
            var admins = binder.callAs(tenant.id(), users::users).stream()
                    .filter(u -> u.role() == TenantRole.ADMIN && "active".equals(u.status()))
                    .toList();
            for (var admin : admins) {
                var outcome = mail.send(
                        admin.email(),
                        messages.getMessage("ops.mail.subject", new Object[] {kind, from}, ja),
                        messages.getMessage(
                                "ops.mail.body",
                                new Object[] {
                                    tenant.displayName(), kind, w.title(), from, to, mail.baseUrl() + "/status"
                                },
                                ja));
                if (outcome == Mail.Outcome.SENT) {
                    sent++;
                } else if (outcome == Mail.Outcome.FAILED) {
                    failed++;
                }
            }
        }
        log.info("Maintenance window {} announced to tenant admins: {} sent, {} failed", w.id(), sent, failed);
    }
}
