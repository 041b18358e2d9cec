package jp.tokuten.receipts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.files.PhotoSignals;
import jp.tokuten.receipts.EntryJudgement.Outcome;
import jp.tokuten.receipts.EntryJudgement.RuleResult;
import jp.tokuten.shared.FoldedText;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.ActorBinder;
import jp.tokuten.tenancy.TenantBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Judges entries once all their receipts are read (told by {@link ReceiptSubmissions} in the transaction
 * that stores a reading), again when a reviewer corrects a field, and applies reviewers' decisions. The
 * eligibility rules decide alone only on surely read fields: a sure failure rejects, an unsure result
 * sends the entry to review ({@code low_confidence}). Fraud signals (the same receipt in the tenant, an
 * edited photo, many entrants on one device or address) reject or send to review, as the campaign says.
 */
@Component
class EntryJudge implements SubmissionListener {

    /** Entrants sharing one device id or address in a campaign from which it is a signal. */
    static final int SHARED_IDENTITY_ENTRANTS = 3;

    private static final Pattern CORRECTION = Pattern.compile("^(?:([0-9])\\.)?(.+)$");

    private final JdbcClient jdbc;
    private final Campaigns campaigns;
    private final StoreDirectory stores;
    private final EntrantLimits limits;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    EntryJudge(
            JdbcClient jdbc,
            Campaigns campaigns,
            StoreDirectory stores,
            EntrantLimits limits,
            AuditTrail audit,
            JsonMapper json,
            ApplicationEventPublisher events,
            Clock clock) {
        this.jdbc = jdbc;
        this.campaigns = campaigns;
        this.stores = stores;
        this.limits = limits;
        this.audit = audit;
        this.json = json;
        this.events = events;
        this.clock = clock;
    }

    /** An entry's row as judging needs it. */
    record Entry(
            UUID id,
            UUID campaignId,
            UUID entrantId,
            String status,
            @Nullable String deviceId,
            @Nullable String addressHash,
            @Nullable LocalDate countedOn,
            Map<String, String> corrections) {}

    /** What the rules and signals make of an entry. */
    record Verdict(String status, List<ReasonCode> reasons, List<RuleResult> results, List<Claim> claims) {}

    /** A fingerprint a receipt of the entry would hold. */
    record Claim(String kind, String fingerprint, UUID submission) {}

    @Override
    public void read(UUID submission) {
        judgeWhenRead(submission);
    }

    @Override
    public void failed(UUID submission, String reasonCode) {
        judgeWhenRead(submission);
    }

    private void judgeWhenRead(UUID submission) {
        Optional<UUID> entry = jdbc.sql("select entry_id from receipts.entry_receipts where submission_id = ?")
                .param(submission)
                .query(UUID.class)
                .optional();
        entry.ifPresent(id -> {
            Entry e = lock(id);
            // each reading updates its submission before it takes this lock, so the last one sees all read
            if (e.status().equals("pending") && allRead(id)) {
                judge(e);
            }
        });
    }

    private boolean allRead(UUID entry) {
        return jdbc.sql("""
                        select count(*) from receipts.entry_receipts r
                          join receipts.submissions s on s.id = r.submission_id
                         where r.entry_id = ? and s.status = 'queued'""").param(entry).query(Long.class).single() == 0;
    }

    /** Judges the entry automatically and stores the outcome. */
    EntryView judge(Entry e) {
        CampaignView campaign = campaigns.require(e.campaignId());
        Verdict v = verdict(e, campaign, true);
        store(e, v.status(), v.reasons(), null);
        return view(e.id());
    }

    List<RuleResult> preview(UUID id) {
        Entry e = find(id, false).orElseThrow(() -> new ProblemException(404, "not_found"));
        if (e.status().equals("pending") && !allRead(id)) {
            return List.of();
        }
        return verdict(e, campaigns.require(e.campaignId()), false).results();
    }

    EntryView correct(UUID id, Map<String, String> corrections) {
        Entry e = lock(id);
        requireRead(e);
        e = withCorrections(e, corrections);
        return judge(e);
    }

    EntryView decide(
            UUID id, EntryDecisions.Decision decision, @Nullable String reason, Map<String, String> corrections) {
        Entry e = lock(id);
        requireRead(e);
        ReasonCode code = null;
        if (reason != null && !reason.isBlank()) {
            code = ReasonCode.of(reason.strip()).orElseThrow(() -> invalid("reason"));
        }
        if (decision == EntryDecisions.Decision.REJECT && code == null) {
            throw invalid("reason");
        }
        e = withCorrections(e, corrections);
        String automatic = e.status();
        CampaignView campaign = campaigns.require(e.campaignId());
        Verdict v = verdict(e, campaign, true);
        String status = decision == EntryDecisions.Decision.APPROVE ? "approved" : "rejected";
        List<ReasonCode> reasons = status.equals("approved") ? List.of() : List.of(code);
        if (status.equals("approved")) {
            claimAll(e.id(), v.claims());
        }
        store(e, status, reasons, reviewer());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("entry", id.toString());
        details.put("decision", decision.code());
        details.put("before", automatic);
        details.put("automatic", v.status());
        details.put("corrected", List.copyOf(corrections.keySet()));
        audit.record("entry.decided", code == null ? null : code.code(), details);
        return view(id);
    }

    private void requireRead(Entry e) {
        if (e.status().equals("pending") && !allRead(e.id())) {
            throw new ProblemException(409, "entry_pending");
        }
    }

    private Entry withCorrections(Entry e, Map<String, String> corrections) {
        if (corrections.isEmpty()) {
            return e;
        }
        int receipts = submissions(e.id()).size();
        Map<String, String> merged = new LinkedHashMap<>(e.corrections());
        for (var c : corrections.entrySet()) {
            var m = CORRECTION.matcher(c.getKey());
            String value = c.getValue() == null ? "" : c.getValue().strip();
            if (!m.matches()
                    || !JudgedReceipt.CORRECTABLE.contains(m.group(2))
                    || (m.group(1) != null && Integer.parseInt(m.group(1)) >= receipts)
                    || !validCorrection(m.group(2), value)) {
                throw invalid("corrections." + c.getKey());
            }
            merged.put(m.group(1) == null ? "0." + m.group(2) : c.getKey(), value);
        }
        jdbc.sql("update receipts.entries set corrections = ?::jsonb where id = ?")
                .params(json.writeValueAsString(merged), e.id())
                .update();
        return new Entry(
                e.id(),
                e.campaignId(),
                e.entrantId(),
                e.status(),
                e.deviceId(),
                e.addressHash(),
                e.countedOn(),
                merged);
    }

    static boolean validCorrection(String field, String value) {
        if (value.isEmpty() || value.length() > 200) {
            return false;
        }
        return switch (field) {
            case "total" -> value.matches("[0-9]{1,12}");
            case "purchasedAt" ->
                value.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?)?")
                        && new JudgedReceipt(
                                                UUID.randomUUID(),
                                                false,
                                                null,
                                                null,
                                                null,
                                                value,
                                                null,
                                                List.of(),
                                                null,
                                                Map.of(),
                                                null,
                                                List.of(),
                                                List.of())
                                        .purchaseDate()
                                != null;
            default -> true;
        };
    }

    private static ProblemException invalid(String field) {
        return new ProblemException(422, "invalid_decision", field).with("field", field);
    }

    private @Nullable UUID reviewer() {
        return ActorBinder.current()
                .filter(a -> a.startsWith("tenant-user:"))
                .map(a -> {
                    try {
                        return UUID.fromString(a.substring("tenant-user:".length()));
                    } catch (IllegalArgumentException notAnId) {
                        return null;
                    }
                })
                .orElse(null);
    }

    /** The rules and signals on the entry's receipts; with {@code claim}, its fingerprints are taken. */
    Verdict verdict(Entry e, CampaignView campaign, boolean claim) {
        List<JudgedReceipt> receipts = receipts(e);
        List<RuleResult> results = new ArrayList<>();
        RuleResult readable = new ReadableRule().check(campaign, receipts);
        results.add(readable);
        if (readable.outcome() == Outcome.FAIL) {
            return new Verdict("rejected", List.of(ReasonCode.UNREADABLE_IMAGE), results, List.of());
        }
        results.add(new PurchaseDateRule().check(campaign, receipts));
        results.add(new StoreRule(stores).check(campaign, receipts));
        results.add(new TargetProductRule().check(campaign, receipts));
        results.add(new MinimumTotalRule().check(campaign, receipts));
        List<RuleResult> signals = new ArrayList<>();
        List<Claim> claims = claims(receipts);
        signals.add(duplicates(e, claims, claim));
        signals.add(imageSignals(receipts));
        signals.add(sharedIdentity(e));
        results.addAll(signals);

        Set<ReasonCode> failed = new LinkedHashSet<>();
        Set<ReasonCode> fraud = new LinkedHashSet<>();
        boolean unsure = false;
        for (RuleResult r : results) {
            if (r.outcome() == Outcome.FAIL) {
                (signals.contains(r) ? fraud : failed).add(r.reason());
            }
            unsure |= r.outcome() == Outcome.UNSURE;
        }
        String status;
        List<ReasonCode> reasons = new ArrayList<>();
        if (!failed.isEmpty() || (!fraud.isEmpty() && campaign.fraudAction().equals("block"))) {
            status = "rejected";
            reasons.addAll(failed);
            reasons.addAll(fraud);
        } else if (!fraud.isEmpty() || unsure) {
            status = "review";
            reasons.addAll(fraud);
            if (unsure) {
                reasons.add(ReasonCode.LOW_CONFIDENCE);
            }
        } else {
            status = "approved";
        }
        return new Verdict(status, List.copyOf(reasons), List.copyOf(results), claims);
    }

    private RuleResult duplicates(Entry e, List<Claim> claims, boolean claim) {
        if (claim) {
            release(e.id());
        }
        Set<String> seen = new java.util.HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (Claim c : claims) {
            if (!seen.add(c.kind() + ":" + c.fingerprint())) {
                duplicates.add(c.kind());
                continue;
            }
            UUID holder;
            if (claim) {
                jdbc.sql("""
                                insert into receipts.receipt_fingerprints (kind, fingerprint, entry_id, submission_id, created_at)
                                values (?, ?, ?, ?, ?) on conflict (tenant_id, kind, fingerprint) do nothing""")
                        .params(c.kind(), c.fingerprint(), e.id(), c.submission(), Timestamp.from(clock.instant()))
                        .update();
            }
            holder = jdbc.sql("select entry_id from receipts.receipt_fingerprints where kind = ? and fingerprint = ?")
                    .params(c.kind(), c.fingerprint())
                    .query(UUID.class)
                    .optional()
                    .orElse(e.id());
            if (!holder.equals(e.id())) {
                duplicates.add(c.kind());
            }
        }
        return duplicates.isEmpty()
                ? Rule.pass("duplicate", null)
                : Rule.fail("duplicate", ReasonCode.DUPLICATE_RECEIPT, String.join(", ", duplicates));
    }

    /**
     * The fingerprints of the receipts: the content (store by registration number, phone or folded name;
     * date and time; receipt number; total) when enough of it was read, and the photo's perceptual hash with
     * its near hashes.
     */
    static List<Claim> claims(List<JudgedReceipt> receipts) {
        List<Claim> claims = new ArrayList<>();
        for (JudgedReceipt r : receipts) {
            String store = r.registrationNumber() != null
                    ? r.registrationNumber().replaceAll("[^0-9A-Za-z]", "")
                    : r.storePhone() != null
                            ? r.storePhone().replaceAll("[^0-9]", "")
                            : r.storeName() == null ? "" : FoldedText.fold(r.storeName());
            boolean timed = r.purchasedAt() != null && r.purchasedAt().length() > 10;
            if (!store.isEmpty()
                    && r.purchasedAt() != null
                    && r.total() != null
                    && (timed || r.receiptNumber() != null)) {
                String content = String.join(
                        "|",
                        store,
                        r.purchasedAt(),
                        r.receiptNumber() == null ? "" : FoldedText.fold(r.receiptNumber()),
                        r.total().stripTrailingZeros().toPlainString());
                claims.add(new Claim("content", sha256(content), r.submission()));
            }
            if (r.perceptualHash() != null && r.perceptualHash().length() <= 200) {
                claims.add(new Claim("image", r.perceptualHash(), r.submission()));
                // a re-encoded copy may have an unsure bit the other way (decision 090)
                r.nearHashes().stream()
                        .filter(h -> h.length() <= 200)
                        .limit(16)
                        .forEach(h -> claims.add(new Claim("image", h, r.submission())));
            }
        }
        return claims;
    }

    private static RuleResult imageSignals(List<JudgedReceipt> receipts) {
        List<String> signals = receipts.stream()
                .flatMap(r -> r.imageSignals().stream())
                .filter(s -> s.equals("edited") || s.equals("screen") || PhotoSignals.CODES.contains(s))
                .distinct()
                .toList();
        return signals.isEmpty()
                ? Rule.pass("image", null)
                : Rule.fail("image", ReasonCode.SUSPECTED_EDITED_IMAGE, String.join(", ", signals));
    }

    private RuleResult sharedIdentity(Entry e) {
        if (e.deviceId() == null && e.addressHash() == null) {
            return Rule.pass("identity", null);
        }
        long others = jdbc.sql("""
                        select count(distinct entrant_id) from receipts.entries
                         where campaign_id = :campaign and entrant_id <> :entrant
                           and (device_id = :device or address_hash = :address)""")
                .param("campaign", e.campaignId())
                .param("entrant", e.entrantId())
                .param("device", e.deviceId())
                .param("address", e.addressHash())
                .query(Long.class)
                .single();
        String value = String.valueOf(others + 1);
        return others + 1 >= SHARED_IDENTITY_ENTRANTS
                ? Rule.fail("identity", ReasonCode.SHARED_IDENTITY, value)
                : Rule.pass("identity", value);
    }

    /** Holds the fingerprints nobody else holds (a reviewer approved an entry the rules rejected). */
    private void claimAll(UUID entry, List<Claim> claims) {
        for (Claim c : claims) {
            jdbc.sql("""
                            insert into receipts.receipt_fingerprints (kind, fingerprint, entry_id, submission_id, created_at)
                            values (?, ?, ?, ?, ?) on conflict (tenant_id, kind, fingerprint) do nothing""")
                    .params(c.kind(), c.fingerprint(), entry, c.submission(), Timestamp.from(clock.instant()))
                    .update();
        }
    }

    private void release(UUID entry) {
        jdbc.sql("delete from receipts.receipt_fingerprints where entry_id = ?")
                .param(entry)
                .update();
    }

    /** Stores a status; a rejection gives back the entry's place in its entrant's limits, a reversal takes it again. */
    private void store(Entry e, String status, List<ReasonCode> reasons, @Nullable UUID decidedBy) {
        var now = clock.instant();
        jdbc.sql("""
                        update receipts.entries set status = :status, reasons = :reasons, judged_at = :now,
                               decided_by = :by where id = :id""")
                .param("status", status)
                .param("reasons", reasons.stream().map(ReasonCode::code).toArray(String[]::new))
                .param("now", Timestamp.from(now))
                .param("by", decidedBy)
                .param("id", e.id())
                .update();
        if (status.equals("rejected")) {
            release(e.id());
            limits.release(e.id());
        } else {
            limits.retake(e.id());
        }
        if (e.status().equals("approved") && !status.equals("approved")) {
            events.publishEvent(new EntryApprovalWithdrawn(
                    TenantBinder.required(), e.id(), e.campaignId(), e.entrantId(), status, now));
        }
        if (status.equals("approved")) {
            EntryApproved approval = approved(e, now);
            jdbc.sql("update receipts.entries set total_yen = ? where id = ?")
                    .params(approval.totalYen(), e.id())
                    .update();
            if (!e.status().equals("approved")) {
                events.publishEvent(approval);
            }
        }
    }

    /** What listeners (points) need of an approved entry: its receipts' totals and target items. */
    private EntryApproved approved(Entry e, Instant now) {
        List<JudgedReceipt> receipts = receipts(e);
        long total = 0;
        for (JudgedReceipt r : receipts) {
            if (r.total() != null) {
                total += r.total().longValue();
            }
        }
        var products = campaigns.require(e.campaignId()).targetProducts();
        int items = 0;
        for (JudgedReceipt r : receipts) {
            for (JudgedReceipt.Item item : r.items()) {
                if (products.stream().anyMatch(p -> TargetProductRule.isProduct(item.name(), p))) {
                    items += Math.max(0, item.quantity());
                }
            }
        }
        return new EntryApproved(
                TenantBinder.required(), e.id(), e.campaignId(), e.entrantId(), receipts.size(), total, items, now);
    }

    private List<JudgedReceipt> receipts(Entry e) {
        List<JudgedReceipt> out = new ArrayList<>();
        int position = 0;
        for (var s : submissions(e.id())) {
            Map<String, String> corrections = new LinkedHashMap<>();
            String prefix = position + ".";
            e.corrections().forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    corrections.put(k.substring(prefix.length()), v);
                }
            });
            out.add(
                    s.reading() == null
                            ? JudgedReceipt.failed(s.id())
                            : JudgedReceipt.of(s.id(), s.reading(), corrections));
            position++;
        }
        return out;
    }

    record Read(UUID id, @Nullable Map<String, Object> reading) {}

    private List<Read> submissions(UUID entry) {
        return jdbc.sql("""
                        select s.id, s.reading from receipts.entry_receipts r
                          join receipts.submissions s on s.id = r.submission_id
                         where r.entry_id = ? order by r.position""")
                .param(entry)
                .query((rs, n) -> new Read(
                        rs.getObject(1, UUID.class),
                        rs.getString(2) == null
                                ? null
                                : json.readValue(rs.getString(2), new TypeReference<Map<String, Object>>() {})))
                .list();
    }

    private Entry lock(UUID id) {
        return find(id, true).orElseThrow(() -> new ProblemException(404, "not_found"));
    }

    private Optional<Entry> find(UUID id, boolean forUpdate) {
        return jdbc.sql("select * from receipts.entries where id = ?" + (forUpdate ? " for update" : ""))
                .param(id)
                .query((rs, n) -> new Entry(
                        rs.getObject("id", UUID.class),
                        rs.getObject("campaign_id", UUID.class),
                        rs.getObject("entrant_id", UUID.class),
                        rs.getString("status"),
                        rs.getString("device_id"),
                        rs.getString("address_hash"),
                        rs.getObject("counted_on", LocalDate.class),
                        json.readValue(
                                rs.getString("corrections"), new TypeReference<LinkedHashMap<String, String>>() {})))
                .optional();
    }

    private EntryView view(UUID id) {
        return jdbc.sql(CampaignEntries.SELECT + " where e.id = ?")
                .param(id)
                .query(CampaignEntries::map)
                .single();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
