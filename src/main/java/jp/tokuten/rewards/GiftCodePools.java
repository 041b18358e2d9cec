package jp.tokuten.rewards;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUserAdministration;
import jp.tokuten.notifications.Mail;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Gift-code pools of the bound tenant (デジタルギフトコード): created, filled by CSV upload, and drawn from by
 * {@link Awards#grant}, each code to exactly one award (one conditional update that passes over codes other
 * grants hold locked). When a pool's remaining count falls below its threshold, the tenant's admins get one
 * e-mail per crossing. Codes are secrets: they are never logged, and an upload is audited by its counts.
 * Refusals: 404 {@code not_found}, 422 {@code invalid_pool} with {@code field}, 422 {@code unreadable_csv}.
 */
@Service
public class GiftCodePools {

    private static final Logger log = LoggerFactory.getLogger(GiftCodePools.class);

    /** How often a free code is sought again while every free code is locked by other grants. */
    private static final int MAX_WAITS = 100;

    private static final String SELECT = """
            select p.id, p.name, p.campaign_id, p.low_threshold, p.created_at,
                   (select count(*) from rewards.gift_codes g where g.pool_id = p.id and g.award_id is null) as remaining,
                   (select count(*) from rewards.gift_codes g where g.pool_id = p.id and g.award_id is not null) as taken
              from rewards.gift_code_pools p""";

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final TenantUserAdministration users;
    private final Mail mail;
    private final MessageSource messages;
    private final Clock clock;

    GiftCodePools(
            JdbcClient jdbc,
            AuditTrail audit,
            TenantUserAdministration users,
            Mail mail,
            MessageSource messages,
            Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.users = users;
        this.mail = mail;
        this.messages = messages;
        this.clock = clock;
    }

    /** A new, empty pool; {@code campaignId} is optional, {@code lowThreshold} 0 for no alert. */
    @Transactional
    public GiftCodePool create(String name, @Nullable UUID campaignId, int lowThreshold) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 100 || n.chars().anyMatch(c -> c < 0x20)) {
            throw invalid("name");
        }
        if (lowThreshold < 0 || lowThreshold > 10_000_000) {
            throw invalid("lowThreshold");
        }
        UUID id = TimeOrderedIds.next(clock);
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into rewards.gift_code_pools (id, name, campaign_id, low_threshold, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(id, n, campaignId, lowThreshold, Timestamp.from(now), Timestamp.from(now))
                .update();
        return get(id);
    }

    /** Changes a pool's low-stock threshold (an alert is due again when the pool is below the new one). */
    @Transactional
    public GiftCodePool setThreshold(UUID id, int lowThreshold) {
        if (lowThreshold < 0 || lowThreshold > 10_000_000) {
            throw invalid("lowThreshold");
        }
        int updated = jdbc.sql("""
                        update rewards.gift_code_pools set low_threshold = ?, low_alerted = false, updated_at = ?
                         where id = ?""")
                .params(lowThreshold, Timestamp.from(clock.instant()), id)
                .update();
        if (updated == 0) {
            throw new ProblemException(404, "not_found");
        }
        return get(id);
    }

    @Transactional(readOnly = true)
    public GiftCodePool get(UUID id) {
        return find(id).orElseThrow(() -> new ProblemException(404, "not_found"));
    }

    @Transactional(readOnly = true)
    public Optional<GiftCodePool> find(UUID id) {
        return jdbc.sql(SELECT + " where p.id = ?")
                .param(id)
                .query(GiftCodePools::map)
                .optional();
    }

    /** The tenant's pools, newest first. */
    @Transactional(readOnly = true)
    public List<GiftCodePool> list() {
        return jdbc.sql(SELECT + " order by p.created_at desc, p.id desc")
                .query(GiftCodePools::map)
                .list();
    }

    /**
     * Adds the codes of a CSV file (see {@link GiftCodeCsv}) to the pool: codes already in the pool count as
     * duplicates. Audited as {@code gift_codes.uploaded} with the counts only. 422 {@code unreadable_csv} when the
     * file is not CSV or holds more than 100,000 codes.
     */
    @Transactional
    public GiftCodeUpload upload(UUID poolId, byte[] csv) {
        // the pool row locked: uploads to one pool take turns, and a grant's alert check sees the new count
        jdbc.sql("select id from rewards.gift_code_pools where id = ? for update")
                .param(poolId)
                .query(UUID.class)
                .optional()
                .orElseThrow(() -> new ProblemException(404, "not_found"));
        GiftCodeCsv.Parsed parsed;
        try {
            parsed = GiftCodeCsv.parse(csv);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(422, "unreadable_csv");
        }
        Instant now = clock.instant();
        Set<String> added = new HashSet<>();
        List<String> codes = parsed.codes();
        for (int from = 0; from < codes.size(); from += 5_000) {
            List<String> chunk = codes.subList(from, Math.min(codes.size(), from + 5_000));
            UUID[] ids = new UUID[chunk.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = TimeOrderedIds.next(clock);
            }
            added.addAll(jdbc.sql("""
                            insert into rewards.gift_codes (id, pool_id, code, created_at)
                            select id, :pool, code, :now from unnest(:ids::uuid[], :codes::text[]) as c(id, code)
                            on conflict (tenant_id, pool_id, code) do nothing
                            returning code""")
                    .param("pool", poolId)
                    .param("now", Timestamp.from(now))
                    .param("ids", ids)
                    .param("codes", chunk.toArray(String[]::new))
                    .query(String.class)
                    .list());
        }
        int duplicates = parsed.duplicates();
        List<Integer> duplicateLines = new ArrayList<>(parsed.duplicateLines());
        for (int i = 0; i < codes.size(); i++) {
            if (!added.contains(codes.get(i))) {
                duplicates++;
                if (duplicateLines.size() < GiftCodeCsv.MAX_LINES_REPORTED) {
                    duplicateLines.add(parsed.lines().get(i));
                }
            }
        }
        duplicateLines.sort(null);
        long remaining = remaining(poolId);
        jdbc.sql("""
                        update rewards.gift_code_pools set updated_at = :now,
                               low_alerted = low_alerted and :remaining < low_threshold
                         where id = :pool""")
                .param("now", Timestamp.from(now))
                .param("remaining", remaining)
                .param("pool", poolId)
                .update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pool", poolId);
        details.put("added", added.size());
        details.put("duplicates", duplicates);
        details.put("rejected", parsed.rejected());
        details.put("remaining", remaining);
        audit.record("gift_codes.uploaded", null, details);
        return new GiftCodeUpload(
                added.size(),
                duplicates,
                parsed.rejected(),
                remaining,
                List.copyOf(duplicateLines),
                parsed.rejectedLines());
    }

    /**
     * Takes one free code of the pool for the award, in one conditional update: the first free code no other
     * transaction holds locked. Only when every free code is locked does it wait for one (a grant that rolls
     * back frees its code); only when none is free is the answer 409 {@code out_of_stock}.
     */
    UUID take(UUID poolId, UUID awardId, Instant now) {
        if (jdbc.sql("select count(*) from rewards.gift_code_pools where id = ?")
                        .param(poolId)
                        .query(Long.class)
                        .single()
                == 0) {
            throw new ProblemException(404, "not_found");
        }
        Optional<UUID> taken = jdbc.sql("""
                        with pick as materialized (
                            select id from rewards.gift_codes
                             where pool_id = :pool and award_id is null
                             order by id limit 1 for update skip locked)
                        update rewards.gift_codes g set award_id = :award, taken_at = :now
                          from pick where g.id = pick.id
                        returning g.id""")
                .param("pool", poolId)
                .param("award", awardId)
                .param("now", Timestamp.from(now))
                .query(UUID.class)
                .optional();
        for (int wait = 0; taken.isEmpty() && wait < MAX_WAITS && remaining(poolId) > 0; wait++) {
            taken = jdbc.sql("""
                            update rewards.gift_codes set award_id = :award, taken_at = :now
                             where award_id is null
                               and id = (select id from rewards.gift_codes
                                          where pool_id = :pool and award_id is null order by id limit 1)
                            returning id""")
                    .param("pool", poolId)
                    .param("award", awardId)
                    .param("now", Timestamp.from(now))
                    .query(UUID.class)
                    .optional();
        }
        return taken.orElseThrow(() -> new ProblemException(409, "out_of_stock"));
    }

    /**
     * After a code is taken: when fewer than the threshold are left and no alert went out for this crossing,
     * marks it sent (one conditional update, so of concurrent grants one alerts) and mails the tenant's
     * admins after commit.
     */
    void alertWhenLow(UUID poolId) {
        var pool = jdbc.sql("select name, low_threshold, low_alerted from rewards.gift_code_pools where id = ?")
                .param(poolId)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getInt(2), rs.getBoolean(3)})
                .single();
        int threshold = (Integer) pool[1];
        if (threshold == 0 || (Boolean) pool[2]) {
            return;
        }
        long remaining =
                jdbc.sql("""
                        select count(*) from (select 1 from rewards.gift_codes
                                               where pool_id = ? and award_id is null limit ?) c""").params(poolId, threshold).query(Long.class).single();
        if (remaining >= threshold) {
            return;
        }
        int marked = jdbc.sql("""
                        update rewards.gift_code_pools set low_alerted = true
                         where id = ? and not low_alerted and low_threshold = ?""").params(poolId, threshold).update();
        if (marked == 0) {
            return;
        }
        String name = (String) pool[0];
        List<String> admins = users.users().stream()
                .filter(u -> u.role() == TenantRole.ADMIN && u.status().equals("active"))
                .map(TenantUserAdministration.UserSummary::email)
                .toList();
        String subject = messages.getMessage("rewards.mail.low.subject", new Object[] {name}, Locale.JAPANESE);
        String body = messages.getMessage(
                "rewards.mail.low.body",
                new Object[] {name, remaining, threshold, mail.baseUrl() + "/admin/rewards/gift-code-pools/" + poolId},
                Locale.JAPANESE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                for (String admin : admins) {
                    if (mail.send(admin, subject, body) != Mail.Outcome.SENT) {
                        log.warn("Low gift-code alert for pool {} not sent to an admin", poolId);
                    }
                }
            }
        });
    }

    private long remaining(UUID poolId) {
        return jdbc.sql("select count(*) from rewards.gift_codes where pool_id = ? and award_id is null")
                .param(poolId)
                .query(Long.class)
                .single();
    }

    private static ProblemException invalid(String field) {
        return new ProblemException(422, "invalid_pool", field).with("field", field);
    }

    private static GiftCodePool map(ResultSet rs, int row) throws SQLException {
        return new GiftCodePool(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getObject("campaign_id", UUID.class),
                rs.getInt("low_threshold"),
                rs.getLong("remaining"),
                rs.getLong("taken"),
                rs.getTimestamp("created_at").toInstant());
    }
}
