package jp.tokuten.stores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.FoldedText;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The bound tenant's stores: kept one by one or as CSV, searched, and matched against what a receipt
 * printed. Refusals are {@link ProblemException}s: 422 {@code invalid_store} with the {@code field} at
 * fault, 409 {@code duplicate_store} (another store has that name, or that branch of that chain), 404
 * {@code not_found}, 422 {@code invalid_csv} with {@code errors} ({@code line}, {@code column},
 * {@code code}), 413 {@code too_large}.
 *
 * <p>Each store also has a 4-digit PIN and a QR token (decision 106), with which a coupon holder confirms
 * a use at its counter: {@link #pinMatches}, {@link #findByQrToken}, {@link #secrets}, {@link #changePin},
 * {@link #rotateQrToken}. Neither is in {@link StoreView}, the CSV or any log.
 */
@Service
public class Stores {

    /** How alike a read store name must be to a store's name for {@link #match} to take it. */
    public static final double NAME_THRESHOLD = 0.8;

    /** Largest CSV file {@link #importCsv} takes: 5 MB. */
    public static final int MAX_CSV_BYTES = StoreCsv.MAX_BYTES;

    /** The 47 prefectures, in their national order, as a store's prefecture is stored. */
    public static final List<String> PREFECTURES = Prefectures.NAMES;

    /** Largest page of {@link #list}. */
    public static final int MAX_PAGE_SIZE = 200;

    /** Longest QR token {@link #findByQrToken} looks up (the tokens made are 43 characters). */
    private static final int MAX_QR_TOKEN = 100;

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final Tenants tenants;

    Stores(JdbcClient jdbc, AuditTrail audit, Clock clock, Tenants tenants) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.tenants = tenants;
    }

    @Transactional
    public StoreView create(StoreDraft draft) {
        TenantBinder.required();
        var f = StoreFields.of(draft);
        refuseDuplicate(f, null);
        UUID id = TimeOrderedIds.next(clock);
        insert(id, f);
        audit.record("store.created", null, Map.of("id", id, "name", f.name()));
        return require(id);
    }

    @Transactional
    public StoreView update(UUID id, StoreDraft draft) {
        var f = StoreFields.of(draft);
        require(id);
        refuseDuplicate(f, id);
        change(id, f);
        audit.record("store.updated", null, Map.of("id", id, "name", f.name()));
        return require(id);
    }

    @Transactional
    public void delete(UUID id) {
        var store = require(id);
        jdbc.sql("delete from stores.stores where id = ?").param(id).update();
        audit.record("store.deleted", null, Map.of("id", id, "name", store.name()));
    }

    @Transactional(readOnly = true)
    public Optional<StoreView> find(UUID id) {
        return jdbc.sql("select * from stores.stores where id = ?")
                .param(id)
                .query(Stores::map)
                .optional();
    }

    /** The store, or 404 {@code not_found}. */
    @Transactional(readOnly = true)
    public StoreView require(UUID id) {
        return find(id).orElseThrow(() -> new ProblemException(404, "not_found"));
    }

    /**
     * A page of the stores whose name, chain or branch contains the query (folded, so width and kana do not
     * matter), whose prefecture is the query, whose phone number contains its digits or whose registration
     * number it is; every store for a blank query. Ordered by name.
     */
    @Transactional(readOnly = true)
    public StorePage list(@Nullable String query, int page, int size) {
        int pageSize = Math.max(1, Math.min(MAX_PAGE_SIZE, size));
        int pageNumber = Math.max(0, page);
        String q = query == null ? "" : query.strip();
        String digits = q.replaceAll("[^0-9]", "");
        var params = new MapSqlParameterSource()
                .addValue("q", q)
                .addValue("key", FoldedText.fold(q))
                .addValue("prefecture", Prefectures.parse(q).orElse(""))
                .addValue("digits", digits.length() >= 3 && q.matches("[0-9+()\\- ]+") ? digits : "")
                .addValue(
                        "registration",
                        Optional.ofNullable(StoreFields.registrationNumber(q)).orElse(""))
                .addValue("limit", pageSize)
                .addValue("offset", (long) pageNumber * pageSize);
        String where = """
                 where (:q = '' or position(:key in name_key) > 0 or position(:key in chain_key) > 0
                        or position(:key in branch_key) > 0 or prefecture = :prefecture
                        or (:digits <> '' and position(:digits in phone_digits) > 0)
                        or registration_number = :registration)""";
        long total = jdbc.sql("select count(*) from stores.stores " + where)
                .paramSource(params)
                .query(Long.class)
                .single();
        var items = jdbc.sql(
                        "select * from stores.stores " + where + " order by name_key, id limit :limit offset :offset")
                .paramSource(params)
                .query(Stores::map)
                .list();
        return new StorePage(items, total, pageNumber, pageSize);
    }

    /**
     * Whether {@code typedPin} is the store's PIN, as a holder types it: full-width digits and spaces
     * (ASCII or ideographic) are folded first; anything but 4 digits then, or an unknown store, is
     * {@code false}. The comparison takes the same time wherever the digits differ. It does not count
     * attempts: with 10,000 possible PINs, callers limit how often a holder may try.
     */
    @Transactional(readOnly = true)
    public boolean pinMatches(UUID storeId, @Nullable String typedPin) {
        String typed = foldPin(typedPin);
        var pin = jdbc.sql("select pin_secret from stores.stores where id = ?")
                .param(storeId)
                .query(String.class)
                .optional();
        if (pin.isEmpty() || typed == null) {
            return false;
        }
        return MessageDigest.isEqual(
                typed.getBytes(StandardCharsets.US_ASCII), pin.get().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The store whose QR code carries this token (the last part of {@code /c/<tenant slug>/s/<token>}), on
     * the bound tenant; empty for any other text, and for a token replaced by {@link #rotateQrToken}.
     */
    @Transactional(readOnly = true)
    public Optional<StoreView> findByQrToken(@Nullable String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_QR_TOKEN || !token.matches("[A-Za-z0-9_-]+")) {
            return Optional.empty();
        }
        return jdbc.sql("select * from stores.stores where qr_token = ?")
                .param(token)
                .query(Stores::map)
                .optional();
    }

    /**
     * The store's PIN, QR token and the path its QR code opens, or 404 {@code not_found}. For the tenant's
     * editors, admins and store staff (decision 106): the caller checks the role.
     */
    @Transactional(readOnly = true)
    public StoreSecrets secrets(UUID id) {
        String slug = slug();
        return jdbc.sql("select pin_secret, qr_token from stores.stores where id = ?")
                .param(id)
                .query((rs, n) -> new StoreSecrets(
                        rs.getString("pin_secret"), rs.getString("qr_token"), qrPath(slug, rs.getString("qr_token"))))
                .optional()
                .orElseThrow(() -> new ProblemException(404, "not_found"));
    }

    /**
     * Sets the store's PIN to {@code newPin} (4 digits; full-width digits and spaces folded), or to a new
     * random one when it is {@code null}, and returns it; the old PIN no longer matches. 422 {@code
     * invalid_store} with field {@code pin} for anything but 4 digits, 404 {@code not_found}. Recorded as
     * {@code store.pin_changed}, without the PIN.
     */
    @Transactional
    public String changePin(UUID id, @Nullable String newPin) {
        String pin = null;
        if (newPin != null) {
            pin = foldPin(newPin);
            if (pin == null) {
                throw new ProblemException(422, "invalid_store", "pin")
                        .detail("problem.invalid_store.pin")
                        .with("field", "pin");
            }
        }
        String changed = jdbc.sql("""
                        update stores.stores set pin_secret = coalesce(cast(:pin as text), stores.random_pin())
                         where id = :id returning pin_secret""")
                .param("pin", pin)
                .param("id", id)
                .query(String.class)
                .optional()
                .orElseThrow(() -> new ProblemException(404, "not_found"));
        audit.record("store.pin_changed", null, Map.of("id", id, "generated", pin == null));
        return changed;
    }

    /**
     * Gives the store a new random QR token and returns it: the old QR code (and any printed poster of it)
     * no longer finds the store. 404 {@code not_found}. Recorded as {@code store.qr_rotated}, without the
     * token.
     */
    @Transactional
    public String rotateQrToken(UUID id) {
        String token = jdbc.sql("""
                        update stores.stores set qr_token = stores.random_qr_token()
                         where id = ? returning qr_token""")
                .param(id)
                .query(String.class)
                .optional()
                .orElseThrow(() -> new ProblemException(404, "not_found"));
        audit.record("store.qr_rotated", null, Map.of("id", id));
        return token;
    }

    /** The path a store's QR code opens: {@code /c/<tenant slug>/s/<token>}. */
    public static String qrPath(String tenantSlug, String token) {
        return "/c/" + tenantSlug + "/s/" + token;
    }

    private String slug() {
        return tenants.findById(TenantBinder.required()).orElseThrow().slug();
    }

    /** A PIN as typed, with full-width digits and spaces folded, if it is then 4 ASCII digits. */
    private static @Nullable String foldPin(@Nullable String typed) {
        if (typed == null || typed.length() > 40) {
            return null;
        }
        String folded = Normalizer.normalize(typed, Normalizer.Form.NFKC).replaceAll("\\s", "");
        return folded.matches("[0-9]{4}") ? folded : null;
    }

    /** The stores with this phone number, compared by its digits alone. */
    @Transactional(readOnly = true)
    public List<StoreView> findByPhone(@Nullable String phone) {
        String digits = StoreFields.phoneDigits(phone);
        if (digits == null) {
            return List.of();
        }
        return jdbc.sql("select * from stores.stores where phone_digits = ? order by name_key, id")
                .param(digits)
                .query(Stores::map)
                .list();
    }

    /** The stores of the business with this registration number (one number covers a whole company). */
    @Transactional(readOnly = true)
    public List<StoreView> findByRegistrationNumber(@Nullable String registrationNumber) {
        String number = StoreFields.registrationNumber(registrationNumber);
        if (number == null) {
            return List.of();
        }
        return jdbc.sql("select * from stores.stores where registration_number = ? order by name_key, id")
                .param(number)
                .query(Stores::map)
                .list();
    }

    /** The stores with these names (folded: width, kana and spacing do not matter), in name order. */
    @Transactional(readOnly = true)
    public List<StoreView> findByNames(Collection<String> names) {
        var keys = names.stream()
                .map(FoldedText::fold)
                .filter(k -> !k.isEmpty())
                .distinct()
                .toArray(String[]::new);
        if (keys.length == 0) {
            return List.of();
        }
        return jdbc.sql("select * from stores.stores where name_key = any(?) order by name_key, id")
                .param(keys)
                .query(Stores::map)
                .list();
    }

    /** What identified a store in {@link #identify}. */
    public enum Evidence {
        /** The receipt's registration number (登録番号) is the store's. */
        REGISTRATION_NUMBER,
        /** The receipt's phone number is the store's (compared by its digits). */
        PHONE
    }

    /** A store identified by a number the receipt printed. */
    public record Identified(StoreView store, Evidence by) {}

    /**
     * The store a receipt was read from, if a number it printed makes one clear: its registration number
     * (a {@code T} read as {@code 1} put back; when several stores of one company share it, the read name
     * chooses among them), then its phone number (likewise). The first two steps of {@link #match}, which
     * say what decided.
     */
    @Transactional(readOnly = true)
    public Optional<Identified> identify(
            @Nullable String readName, @Nullable String readPhone, @Nullable String readRegistrationNumber) {
        String name = readName == null ? "" : readName;
        var byNumber = findByRegistrationNumber(readNumber(readRegistrationNumber));
        var chosen = byNumber.size() == 1 ? Optional.of(byNumber.getFirst()) : closest(name, byNumber);
        if (chosen.isPresent()) {
            return Optional.of(new Identified(chosen.get(), Evidence.REGISTRATION_NUMBER));
        }
        var byPhone = findByPhone(readPhone);
        chosen = byPhone.size() == 1 ? Optional.of(byPhone.getFirst()) : closest(name, byPhone);
        return chosen.map(s -> new Identified(s, Evidence.PHONE));
    }

    /**
     * The store a receipt was read from, if one is clear: by its registration number (with the read name
     * choosing between the stores of one company), then by its phone number, then by the store whose name
     * (or chain and branch) is most like the read name, at least {@link #NAME_THRESHOLD} alike and more
     * alike than any other.
     */
    @Transactional(readOnly = true)
    public Optional<StoreView> match(
            @Nullable String readName, @Nullable String readPhone, @Nullable String readRegistrationNumber) {
        var identified = identify(readName, readPhone, readRegistrationNumber);
        if (identified.isPresent()) {
            return identified.map(Identified::store);
        }
        String name = readName == null ? "" : readName;
        String key = FoldedText.fold(name);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        // a name at least 0.8 alike is at least 0.8 and at most 1.25 times as long
        int shortest = (int) Math.floor(key.length() * NAME_THRESHOLD);
        int longest = (int) Math.ceil(key.length() / NAME_THRESHOLD);
        var candidates = jdbc.sql("""
                        select * from stores.stores
                         where length(name_key) between :shortest and :longest
                            or (chain_key <> '' and length(chain_key || branch_key) between :shortest and :longest)""")
                .param("shortest", shortest)
                .param("longest", longest)
                .query(Stores::map)
                .list();
        return closest(name, candidates);
    }

    /** A registration number as OCR may read it: its {@code T} taken for a {@code 1} is put back. */
    private static @Nullable String readNumber(@Nullable String read) {
        if (read != null && StoreFields.registrationNumber(read) == null) {
            String digits = read.replaceAll("[\\s\\-]", "");
            if (digits.matches("1[0-9]{13}")) {
                return "T" + digits.substring(1);
            }
        }
        return read;
    }

    /** Every store's name, in name order: the stores the receipt reader should know. */
    @Transactional(readOnly = true)
    public List<String> names() {
        return jdbc.sql("select name from stores.stores order by name_key, id")
                .query(String.class)
                .list();
    }

    /** Every chain named by a store, once each, in order. */
    @Transactional(readOnly = true)
    public List<String> chainNames() {
        return jdbc.sql("""
                        select min(chain) from stores.stores where chain_key <> ''
                         group by chain_key order by chain_key""").query(String.class).list();
    }

    /**
     * Adds and updates stores from a CSV file (UTF-8 with or without BOM, or Shift_JIS/CP932; a header row
     * of Japanese or English column names): a row is the store with its chain and branch, or without a
     * chain the store of its name, and is created when there is none. All rows or none: any fault refuses
     * the whole file with 422 {@code invalid_csv} listing each line, column and code; a file above
     * {@link StoreCsv#MAX_BYTES} is 413 {@code too_large}.
     */
    @Transactional
    public CsvImport importCsv(byte[] file) {
        TenantBinder.required();
        var parsed = StoreCsv.parse(file);
        var errors = new ArrayList<StoreCsv.LineError>(parsed.errors());
        var existing = jdbc.sql("select id, name_key, chain_key, branch_key from stores.stores")
                .query((rs, n) -> new Keys(
                        rs.getObject("id", UUID.class),
                        rs.getString("name_key"),
                        rs.getString("chain_key"),
                        rs.getString("branch_key")))
                .list();
        var byName = new LinkedHashMap<String, UUID>();
        var byBranch = new LinkedHashMap<String, UUID>();
        var keysOf = new LinkedHashMap<UUID, Keys>();
        for (var k : existing) {
            keysOf.put(k.id(), k);
            byName.put(k.nameKey(), k.id());
            if (!k.chainKey().isEmpty()) {
                byBranch.put(k.branchOf(), k.id());
            }
        }
        var plan = new ArrayList<Planned>();
        var touched = new HashSet<UUID>();
        for (var row : parsed.rows()) {
            StoreFields f;
            try {
                f = StoreFields.of(row.draft());
            } catch (ProblemException e) {
                String field = String.valueOf(e.properties().get("field"));
                errors.add(new StoreCsv.LineError(row.line(), row.columnOf(field), "invalid_" + StoreCsv.code(field)));
                continue;
            }
            var keys = new Keys(null, f.nameKey(), f.chainKey(), f.branchKey());
            UUID target = f.chainKey().isEmpty() ? null : byBranch.get(keys.branchOf());
            if (target == null) {
                target = byName.get(f.nameKey());
            }
            boolean isNew = target == null;
            UUID id = isNew ? TimeOrderedIds.next(clock) : target;
            if (!touched.add(id)) {
                errors.add(new StoreCsv.LineError(row.line(), null, "duplicate_row"));
                continue;
            }
            UUID named = byName.get(f.nameKey());
            UUID branched = f.chainKey().isEmpty() ? null : byBranch.get(keys.branchOf());
            if ((named != null && !named.equals(id)) || (branched != null && !branched.equals(id))) {
                errors.add(new StoreCsv.LineError(row.line(), row.columnOf("name"), "duplicate_store"));
                continue;
            }
            var old = keysOf.get(id);
            if (old != null) {
                byName.remove(old.nameKey());
                byBranch.remove(old.branchOf());
            }
            var now = new Keys(id, f.nameKey(), f.chainKey(), f.branchKey());
            keysOf.put(id, now);
            byName.put(f.nameKey(), id);
            if (!f.chainKey().isEmpty()) {
                byBranch.put(now.branchOf(), id);
            }
            plan.add(new Planned(id, isNew, f));
        }
        if (!errors.isEmpty()) {
            throw StoreCsv.refused(errors);
        }
        int created = 0;
        for (var p : plan) {
            if (p.isNew()) {
                insert(p.id(), p.fields());
                created++;
            } else {
                change(p.id(), p.fields());
            }
        }
        var result = new CsvImport(created, plan.size() - created, plan.size());
        audit.record(
                "stores.imported",
                null,
                Map.of("created", result.created(), "updated", result.updated(), "rows", result.rows()));
        return result;
    }

    /**
     * Writes every store as CSV: UTF-8 with a BOM (so spreadsheets read it right), a header row in the
     * language given (Japanese unless English), cells a spreadsheet would run as a formula prefixed with
     * an apostrophe. The file imports again as it is.
     */
    @Transactional(readOnly = true)
    public void exportCsv(Writer out, Locale language) {
        try {
            StoreCsv.write(
                    out,
                    language,
                    jdbc.sql("select * from stores.stores order by name_key, id").query(Stores::map).stream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Keys(@Nullable UUID id, String nameKey, String chainKey, String branchKey) {
        String branchOf() {
            return chainKey + "\u0000" + branchKey;
        }
    }

    private record Planned(UUID id, boolean isNew, StoreFields fields) {}

    private Optional<StoreView> closest(String readName, List<StoreView> stores) {
        if (readName.isBlank() || stores.isEmpty()) {
            return Optional.empty();
        }
        var scored = stores.stream()
                .map(s -> Map.entry(s, score(readName, s)))
                .sorted(Comparator.comparingDouble((Map.Entry<StoreView, Double> e) -> e.getValue())
                        .reversed())
                .toList();
        var best = scored.getFirst();
        if (best.getValue() < NAME_THRESHOLD) {
            return Optional.empty();
        }
        if (scored.size() > 1 && scored.get(1).getValue() >= best.getValue()) {
            return Optional.empty(); // two stores as alike: not clear which
        }
        return Optional.of(best.getKey());
    }

    private static double score(String readName, StoreView s) {
        double byName = FoldedText.similarity(readName, s.name());
        if (s.chain().isEmpty()) {
            return byName;
        }
        return Math.max(byName, FoldedText.similarity(readName, s.chain() + s.branch()));
    }

    private void refuseDuplicate(StoreFields f, @Nullable UUID self) {
        var clash = jdbc.sql("""
                        select name_key = :name as same_name from stores.stores
                         where (name_key = :name or (:chain <> '' and chain_key = :chain and branch_key = :branch))
                           and (cast(:self as uuid) is null or id <> :self)
                         limit 1""")
                .param("name", f.nameKey())
                .param("chain", f.chainKey())
                .param("branch", f.branchKey())
                .param("self", self)
                .query(Boolean.class)
                .optional();
        if (clash.isPresent()) {
            String field = clash.get() ? "name" : "branch";
            throw new ProblemException(409, "duplicate_store", field).with("field", field);
        }
    }

    private void insert(UUID id, StoreFields f) {
        var now = Timestamp.from(clock.instant());
        try {
            jdbc.sql("""
                            insert into stores.stores (id, name, name_key, chain, chain_key, branch, branch_key,
                                prefecture, phone, phone_digits, registration_number, created_at, updated_at)
                            values (:id, :name, :nameKey, :chain, :chainKey, :branch, :branchKey,
                                :prefecture, :phone, :phoneDigits, :registration, :now, :now)""")
                    .paramSource(params(f).addValue("id", id).addValue("now", now))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new ProblemException(409, "duplicate_store", "name").with("field", "name");
        }
    }

    private void change(UUID id, StoreFields f) {
        try {
            jdbc.sql("""
                            update stores.stores set name = :name, name_key = :nameKey, chain = :chain,
                                chain_key = :chainKey, branch = :branch, branch_key = :branchKey,
                                prefecture = :prefecture, phone = :phone, phone_digits = :phoneDigits,
                                registration_number = :registration, updated_at = :now
                             where id = :id""")
                    .paramSource(params(f).addValue("id", id).addValue("now", Timestamp.from(clock.instant())))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new ProblemException(409, "duplicate_store", "name").with("field", "name");
        }
    }

    private static MapSqlParameterSource params(StoreFields f) {
        return new MapSqlParameterSource()
                .addValue("name", f.name())
                .addValue("nameKey", f.nameKey())
                .addValue("chain", f.chain())
                .addValue("chainKey", f.chainKey())
                .addValue("branch", f.branch())
                .addValue("branchKey", f.branchKey())
                .addValue("prefecture", f.prefecture())
                .addValue("phone", f.phone())
                .addValue("phoneDigits", f.phoneDigits())
                .addValue("registration", f.registrationNumber());
    }

    private static StoreView map(ResultSet rs, int row) throws SQLException {
        return new StoreView(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("chain"),
                rs.getString("branch"),
                rs.getString("prefecture"),
                rs.getString("phone"),
                rs.getString("registration_number"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
