package jp.tokuten.rewards;

import jp.tokuten.notifications.Mail;
import org.springframework.stereotype.Component;

/** Tells winners by e-mail through the configured SMTP server ({@code notifications.Mail}). */
@Component
class MailWinnerNotifier implements WinnerNotifier {

    private final Mail mail;

    MailWinnerNotifier(Mail mail) {
        this.mail = mail;
    }

    @Override
    public String channel() {
        return "email";
    }

    @Override
    public Outcome tell(WinnerNotice notice) {
        return switch (mail.send(notice.email(), notice.subject(), notice.body())) {
            case SENT -> Outcome.SENT;
            case NOT_CONFIGURED -> Outcome.NOT_CONFIGURED;
            case FAILED -> Outcome.FAILED;
        };
    }
}
