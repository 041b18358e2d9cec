package jp.tokuten.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.notifications.Mail;
import jp.tokuten.shared.CompactIds;
import jp.tokuten.shared.Secrets;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tenant admins manage their own users: invite by e-mail (the link expires), change roles, disable and
 * enable. A tenant always keeps at least one active admin.
 */
@Service
public class TenantUserAdministration {

    static final Duration INVITE_VALIDITY = Duration.ofHours(72);
    private static final Pattern TOKEN = Pattern.compile("([0-9a-f]{32})\\.([A-Za-z0-9_-]{43})");
    private static final Logger log = LoggerFactory.getLogger(TenantUserAdministration.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Tenants tenants;
    private final TenantUsers users;
    private final Mail mail;
    private final AuditTrail audit;
    private final Clock clock;
    private final MessageSource messages;

    TenantUserAdministration(
            JdbcClient jdbc,
            TransactionTemplate tx,
            Tenants tenants,
            TenantUsers users,
            Mail mail,
            AuditTrail audit,
            Clock clock,
            MessageSource messages) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.tenants = tenants;
        this.users = users;
        this.mail = mail;
        this.audit = audit;
        this.clock = clock;
        this.messages = messages;
    }

    /** A tenant user as the admin console lists them. */
    public record UserSummary(
            UUID id, String email, String displayName, TenantRole role, String status, boolean secondFactor) {}

    /** An invitation still waiting to be accepted. */
    public record OpenInvite(UUID id, String email, TenantRole role, Instant expiresAt) {}

    /**
     * A sent invitation. {@code link} is the only copy of its secret: show it to the admin only when
     * the e-mail could not be sent.
     */
    public record Invitation(UUID id, String email, String link, Instant expiresAt, Mail.Outcome mail) {
        /** Whether the invitation reached the mail server; when not, show {@link #link} to whoever sent it. */
        public boolean mailed() {
            return mail == Mail.Outcome.SENT;
        }

        @Override
        public String toString() {
            return "Invitation[" + email + ", " + mail + "]";
        }
    }

    /** What an invitation offers, for its acceptance page. */
    public record InviteView(TenantView tenant, String email, TenantRole role) {}

    /** The bound tenant's users. */
    public List<UserSummary> users() {
        return inBoundTenant(() -> jdbc.sql("""
                        select id, email, display_name, role, status, totp_enabled_at is not null as second_factor
                          from identity.tenant_users order by created_at""")
                .query((rs, row) -> new UserSummary(
                        rs.getObject("id", UUID.class),
                        rs.getString("email"),
                        rs.getString("display_name"),
                        TenantRole.fromDb(rs.getString("role")),
                        rs.getString("status"),
                        rs.getBoolean("second_factor")))
                .list());
    }

    /** The bound tenant's open invitations. */
    public List<OpenInvite> openInvites() {
        return inBoundTenant(() -> jdbc.sql("""
                        select id, email, role, expires_at from identity.tenant_user_invites
                         where accepted_at is null and revoked_at is null and expires_at > ?
                         order by created_at desc""")
                .param(Timestamp.from(clock.instant()))
                .query((rs, row) -> new OpenInvite(
                        rs.getObject("id", UUID.class),
                        rs.getString("email"),
                        TenantRole.fromDb(rs.getString("role")),
                        rs.getTimestamp("expires_at").toInstant()))
                .list());
    }

    /**
     * A tenant admin invites {@code email} with {@code role} to the bound tenant; a newer invitation
     * replaces an open older one.
     */
    public Invitation invite(TenantUserPrincipal actor, String email, TenantRole role) {
        requireBound(actor);
        return invite(email, role, actor.userId(), null, actor.displayName(), actor.email());
    }

    /**
     * An operator invites the first admin of the bound tenant (onboarding: the tenant was created in the
     * same unit of work, see {@link TenantProvisioning}).
     */
    Invitation inviteFirstAdmin(OperatorPrincipal operator, String email) {
        return invite(email, TenantRole.ADMIN, null, operator.operatorId(), "tokuten", operator.email());
    }

    private Invitation invite(
            @Nullable String email,
            TenantRole role,
            @Nullable UUID invitedBy,
            @Nullable UUID invitedByOperator,
            String inviterName,
            String inviterEmail) {
        TenantId tenant = TenantBinder.required();
        String e = email == null ? "" : email.strip();
        if (!OperatorAdministration.EMAIL.matcher(e).matches() || e.length() > 254) {
            throw new AccountRequestException("email", "account.error.email");
        }
        String secret = Secrets.randomToken(32);
        String token = CompactIds.toHex(tenant.value()) + "." + secret;
        UUID id = TimeOrderedIds.next(clock);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(INVITE_VALIDITY);
        inBoundTenant(() -> {
            boolean exists = jdbc.sql("select count(*) > 0 from identity.tenant_users where lower(email) = ?")
                    .param(e.toLowerCase(Locale.ROOT))
                    .query(Boolean.class)
                    .single();
            if (exists) {
                throw new AccountRequestException("email", "users.error.exists");
            }
            jdbc.sql("""
                    update identity.tenant_user_invites set revoked_at = ?
                     where lower(email) = ? and accepted_at is null and revoked_at is null""")
                    .params(Timestamp.from(now), e.toLowerCase(Locale.ROOT))
                    .update();
            jdbc.sql("""
                    insert into identity.tenant_user_invites
                        (id, email, role, token_sha256, invited_by, invited_by_operator, created_at, expires_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            id,
                            e,
                            role.dbValue(),
                            Secrets.sha256(secret),
                            invitedBy,
                            invitedByOperator,
                            Timestamp.from(now),
                            Timestamp.from(expiresAt))
                    .update();
            audit.record("user.invited", null, Map.of("invite", id, "email", e, "role", role.name()));
            return null;
        });
        String link = mail.baseUrl() + "/invite/" + token;
        String tenantName =
                tenants.findById(tenant).map(TenantView::displayName).orElse("");
        // written in the inviter's language: the invited person's own is not known yet
        Locale locale = LocaleContextHolder.getLocale();
        String roleName = messages.getMessage("role." + role.name(), null, locale);
        var outcome = mail.send(
                e,
                messages.getMessage("mail.invite.subject", new Object[] {tenantName}, locale),
                messages.getMessage(
                        "mail.invite.body",
                        new Object[] {inviterName, tenantName, roleName, INVITE_VALIDITY.toHours(), link},
                        locale));
        log.info("{} invited a {} ({})", inviterEmail, role, outcome);
        return new Invitation(id, e, link, expiresAt, outcome);
    }

    /** The tenant an invitation link belongs to, if the link is well-formed: what its page binds. */
    public static Optional<TenantId> tenantOfInvite(@Nullable String token) {
        var m = TOKEN.matcher(token == null ? "" : token);
        return m.matches() ? Optional.of(new TenantId(CompactIds.fromHex(m.group(1)))) : Optional.empty();
    }

    /** The invitation behind a link, if it is still open. */
    public Optional<InviteView> invitation(String token) {
        var m = TOKEN.matcher(token == null ? "" : token);
        if (!m.matches()) {
            return Optional.empty();
        }
        var linked = new TenantId(CompactIds.fromHex(m.group(1)));
        if (!TenantBinder.current().equals(Optional.of(linked))) {
            return Optional.empty(); // the invitation page binds the link's tenant
        }
        var tenant = tenants.findById(linked).filter(TenantView::isActive);
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        return inBoundTenant(() -> jdbc.sql("""
                        select email, role from identity.tenant_user_invites
                         where token_sha256 = ? and accepted_at is null and revoked_at is null and expires_at > ?""")
                .params(Secrets.sha256(m.group(2)), Timestamp.from(clock.instant()))
                .query((rs, row) ->
                        new InviteView(tenant.get(), rs.getString("email"), TenantRole.fromDb(rs.getString("role"))))
                .optional());
    }

    /**
     * Accepts an invitation: creates the user with the chosen name and password.
     *
     * @throws PasswordRejectedException when the password breaks the rules
     * @throws AccountRequestException when the link is no longer valid or the name is unusable
     */
    public UUID accept(String token, String displayName, String password) {
        var view = invitation(token).orElseThrow(() -> new AccountRequestException("token", "invite.error.invalid"));
        String name = displayName == null ? "" : displayName.strip();
        if (name.isEmpty() || name.length() > 100) {
            throw new AccountRequestException("displayName", "account.error.name", 100);
        }
        var m = TOKEN.matcher(token);
        m.matches();
        byte[] digest = Secrets.sha256(m.group(2));
        UUID userId = inBoundTenant(() -> {
            int claimed = jdbc.sql("""
                            update identity.tenant_user_invites set accepted_at = ?
                             where token_sha256 = ? and accepted_at is null and revoked_at is null""")
                    .params(Timestamp.from(clock.instant()), digest)
                    .update();
            if (claimed != 1) {
                throw new AccountRequestException("token", "invite.error.invalid");
            }
            UUID created = users.create(view.email(), name, view.role(), password);
            jdbc.sql("update identity.tenant_user_invites set accepted_user_id = ? where token_sha256 = ?")
                    .params(created, digest)
                    .update();
            audit.record(
                    "user.joined",
                    null,
                    Map.of("user", created, "role", view.role().name()));
            return created;
        });
        log.info(
                "Invitation accepted for a {} of tenant {}",
                view.role(),
                view.tenant().slug());
        return userId;
    }

    public void changeRole(TenantUserPrincipal actor, UUID userId, TenantRole role) {
        requireBound(actor);
        inBoundTenant(() -> {
            var current = currentRole(userId);
            if (current == TenantRole.ADMIN && role != TenantRole.ADMIN) {
                requireAnotherActiveAdmin(userId);
            }
            jdbc.sql("update identity.tenant_users set role = ? where id = ?")
                    .params(role.dbValue(), userId)
                    .update();
            audit.record("user.role_changed", null, Map.of("user", userId, "from", current.name(), "to", role.name()));
            return null;
        });
        log.info("Tenant user {} changed the role of {} to {}", actor.email(), userId, role);
    }

    public void setActive(TenantUserPrincipal actor, UUID userId, boolean active) {
        if (!active && actor.userId().equals(userId)) {
            throw new AccountRequestException("user", "account.error.disableSelf");
        }
        requireBound(actor);
        inBoundTenant(() -> {
            if (!active && currentRole(userId) == TenantRole.ADMIN) {
                requireAnotherActiveAdmin(userId);
            }
            int updated = jdbc.sql("update identity.tenant_users set status = ?, disabled_at = ? where id = ?")
                    .params(active ? "active" : "disabled", active ? null : Timestamp.from(clock.instant()), userId)
                    .update();
            if (updated != 1) {
                throw new AccountRequestException("user", "users.error.notFound");
            }
            audit.record(active ? "user.enabled" : "user.disabled", null, Map.of("user", userId));
            return null;
        });
        log.info("Tenant user {} {} user {}", actor.email(), active ? "enabled" : "disabled", userId);
    }

    private TenantRole currentRole(UUID userId) {
        return jdbc.sql("select role from identity.tenant_users where id = ? for update")
                .param(userId)
                .query(String.class)
                .optional()
                .map(TenantRole::fromDb)
                .orElseThrow(() -> new AccountRequestException("user", "users.error.notFound"));
    }

    private void requireAnotherActiveAdmin(UUID userId) {
        int others = jdbc.sql("""
                select count(*) from identity.tenant_users
                 where role = 'admin' and status = 'active' and id <> ?""").param(userId).query(Integer.class).single();
        if (others == 0) {
            throw new AccountRequestException("user", "users.error.lastAdmin");
        }
    }

    private <T> T inBoundTenant(java.util.function.Supplier<T> work) {
        TenantBinder.required();
        return tx.execute(status -> work.get());
    }

    private static void requireBound(TenantUserPrincipal actor) {
        if (!TenantBinder.current().equals(Optional.of(actor.tenantId()))) {
            throw new IllegalStateException("A tenant admin acts with their own tenant bound");
        }
    }
}
