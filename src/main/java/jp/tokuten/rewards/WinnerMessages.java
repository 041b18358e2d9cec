package jp.tokuten.rewards;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The words of winner e-mail, per campaign of the bound tenant: for each kind of message ({@link
 * WinnerNotice.Kind}) and language (ja, en) the tenant's own subject and body or, until they write one, the
 * default of the bundle ({@code winner.mail.<kind>.subject|body} in {@code i18n/delivery}); and the language a
 * campaign writes to its winners (Japanese unless set). Placeholders, replaced as written: {@code {prize}},
 * {@code {deadline}}, {@code {link}}, {@code {trackingNumber}}, {@code {code}} (a gift code or coupon code),
 * {@code {amount}} (a payout).
 */
@Service
public class WinnerMessages {

    /** The placeholders a template may use. */
    public static final String[] PLACEHOLDERS = {
        "{prize}", "{deadline}", "{link}", "{trackingNumber}", "{code}", "{amount}"
    };

    private static final DateTimeFormatter JA_DEADLINE = DateTimeFormatter.ofPattern("yyyy年M月d日 H:mm");
    private static final DateTimeFormatter EN_DEADLINE =
            DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);

    private final JdbcClient jdbc;
    private final MessageSource messages;
    private final AuditTrail audit;
    private final Clock clock;

    WinnerMessages(JdbcClient jdbc, MessageSource messages, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.messages = messages;
        this.audit = audit;
        this.clock = clock;
    }

    /** A subject and body, with placeholders; {@code custom} when the tenant wrote it. */
    public record Template(String subject, String body, boolean custom) {}

    /** The template of one kind and language of a campaign: the tenant's, or the default. */
    @Transactional(readOnly = true)
    public Template template(UUID campaignId, WinnerNotice.Kind kind, Locale locale) {
        String language = language(locale);
        return jdbc.sql("""
                        select subject, body from rewards.mail_templates
                         where campaign_id = ? and kind = ? and locale = ?""")
                .params(campaignId, kind.code(), language)
                .query((rs, n) -> new Template(rs.getString(1), rs.getString(2), true))
                .optional()
                .orElseGet(() -> defaultTemplate(kind, locale));
    }

    /** The bundle's default of one kind and language. */
    public Template defaultTemplate(WinnerNotice.Kind kind, Locale locale) {
        Locale l = Locale.forLanguageTag(language(locale));
        return new Template(
                messages.getMessage("winner.mail." + kind.code() + ".subject", null, l),
                messages.getMessage("winner.mail." + kind.code() + ".body", null, l),
                false);
    }

    /**
     * Saves the tenant's own template (422 {@code invalid_mail_template} for an empty or too long subject or
     * body; the link placeholder is required in an address request); audited.
     */
    @Transactional
    public void save(UUID campaignId, WinnerNotice.Kind kind, Locale locale, String subject, String body) {
        String s = subject.strip();
        String b = body.strip().replace("\r\n", "\n");
        if (s.isEmpty() || s.length() > 200 || s.codePoints().anyMatch(Character::isISOControl)) {
            throw new ProblemException(422, "invalid_mail_template", "subject").with("field", "subject");
        }
        if (b.isEmpty()
                || b.length() > 5000
                || (kind == WinnerNotice.Kind.ADDRESS_REQUEST && !b.contains("{link}"))
                || ((kind == WinnerNotice.Kind.GIFT_CODE || kind == WinnerNotice.Kind.COUPON)
                        && !b.contains("{code}"))) {
            throw new ProblemException(422, "invalid_mail_template", "body").with("field", "body");
        }
        jdbc.sql("""
                        insert into rewards.mail_templates (campaign_id, kind, locale, subject, body, updated_at)
                        values (?, ?, ?, ?, ?, ?)
                        on conflict (tenant_id, campaign_id, kind, locale) do update
                           set subject = excluded.subject, body = excluded.body, updated_at = excluded.updated_at""")
                .params(campaignId, kind.code(), language(locale), s, b, Timestamp.from(clock.instant()))
                .update();
        audit.record(
                "winner_mail.template_saved",
                null,
                Map.of("campaign", campaignId.toString(), "kind", kind.code(), "locale", language(locale)));
    }

    /** Goes back to the default of one kind and language; audited. */
    @Transactional
    public void reset(UUID campaignId, WinnerNotice.Kind kind, Locale locale) {
        int removed = jdbc.sql("delete from rewards.mail_templates where campaign_id = ? and kind = ? and locale = ?")
                .params(campaignId, kind.code(), language(locale))
                .update();
        if (removed > 0) {
            audit.record(
                    "winner_mail.template_reset",
                    null,
                    Map.of("campaign", campaignId.toString(), "kind", kind.code(), "locale", language(locale)));
        }
    }

    /** The language the campaign writes to its winners in: Japanese unless set. */
    @Transactional(readOnly = true)
    public Locale locale(UUID campaignId) {
        return jdbc.sql("select locale from rewards.mail_settings where campaign_id = ?")
                .param(campaignId)
                .query(String.class)
                .optional()
                .map(Locale::forLanguageTag)
                .orElse(Locale.JAPANESE);
    }

    /** Sets the language the campaign writes to its winners in; audited. */
    @Transactional
    public void setLocale(UUID campaignId, Locale locale) {
        jdbc.sql("""
                        insert into rewards.mail_settings (campaign_id, locale, updated_at) values (?, ?, ?)
                        on conflict (tenant_id, campaign_id) do update set locale = excluded.locale,
                                                                          updated_at = excluded.updated_at""")
                .params(campaignId, language(locale), Timestamp.from(clock.instant()))
                .update();
        audit.record(
                "winner_mail.language_set",
                null,
                Map.of("campaign", campaignId.toString(), "locale", language(locale)));
    }

    /** The values of a message's placeholders. */
    public record Values(
            String prize,
            @Nullable Instant deadline,
            String link,
            String trackingNumber,
            String code,
            @Nullable Long amountYen) {

        public Values(String prize, @Nullable Instant deadline, String link, String trackingNumber) {
            this(prize, deadline, link, trackingNumber, "", null);
        }
    }

    /** Subject and body with the placeholders replaced. */
    public static String[] render(Template template, Values values, Locale locale) {
        var replacements = new LinkedHashMap<String, String>();
        replacements.put("{prize}", values.prize());
        replacements.put("{deadline}", deadline(values.deadline(), locale));
        replacements.put("{link}", values.link());
        replacements.put("{trackingNumber}", values.trackingNumber());
        replacements.put("{code}", values.code());
        replacements.put("{amount}", amount(values.amountYen(), locale));
        String subject = template.subject();
        String body = template.body();
        for (var e : replacements.entrySet()) {
            subject = subject.replace(e.getKey(), e.getValue());
            body = body.replace(e.getKey(), e.getValue());
        }
        return new String[] {subject, body};
    }

    /**
     * The deadline as the winner reads it, in Tokyo time: the last minute of the last day (the stored deadline
     * is the first instant after it, decision 120).
     */
    public static String deadlineText(Instant deadline, Locale locale) {
        return deadline(deadline, locale);
    }

    static String deadline(@Nullable Instant deadline, Locale locale) {
        if (deadline == null) {
            return "";
        }
        var last = deadline.minusSeconds(60).atZone(Awards.TOKYO);
        return (language(locale).equals("en") ? EN_DEADLINE : JA_DEADLINE).format(last);
    }

    /** An amount of yen as the winner reads it: 1,000円 or ¥1,000. */
    static String amount(@Nullable Long yen, Locale locale) {
        if (yen == null) {
            return "";
        }
        String n = String.format(Locale.ROOT, "%,d", yen);
        return language(locale).equals("en") ? "¥" + n : n + "円";
    }

    static String language(Locale locale) {
        return "en".equals(locale.getLanguage()) ? "en" : "ja";
    }

    static Optional<Locale> parseLocale(@Nullable String code) {
        return "ja".equals(code) || "en".equals(code) ? Optional.of(Locale.forLanguageTag(code)) : Optional.empty();
    }
}
