package jp.tokuten.receipts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Entries as judgement leaves them, written straight into the tables (the bound tenant's, in the caller's
 * transaction): for tests of what is read from entries (analytics, CSV, the review queue) without running
 * OCR on photos.
 */
public final class EntryRows {

    private final JdbcTemplate jdbc;

    public EntryRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public UUID entrant(String email) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into identity.entrants (id, email, created_at) values (?, ?, now())", id, email);
        return id;
    }

    public UUID details(UUID entrant, String fieldsJson) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "insert into identity.entrant_details (id, entrant_id, fields, created_at) values (?, ?, ?::jsonb, now())",
                id,
                entrant,
                fieldsJson);
        return id;
    }

    /**
     * An entry with one read receipt per reading (JSON as docs/receipt-schema.md; null for a receipt still
     * queued).
     */
    public UUID entry(
            UUID campaign,
            UUID entrant,
            @Nullable UUID details,
            String status,
            List<String> reasons,
            Instant createdAt,
            List<@Nullable String> readings) {
        List<UUID> photos = new java.util.ArrayList<>();
        readings.forEach(r -> photos.add(UUID.randomUUID()));
        return entry(campaign, entrant, details, status, reasons, createdAt, readings, photos);
    }

    /** As above, with the ids of stored photos for the receipts. */
    public UUID entry(
            UUID campaign,
            UUID entrant,
            @Nullable UUID details,
            String status,
            List<String> reasons,
            Instant createdAt,
            List<@Nullable String> readings,
            List<UUID> photos) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                """
                insert into receipts.entries (id, campaign_id, entrant_id, details_id, status, reasons, created_at, judged_at)
                values (?, ?, ?, ?, ?, ?::text[], ?, case when ? = 'pending' then null else now() end)""",
                id,
                campaign,
                entrant,
                details,
                status,
                "{" + String.join(",", reasons) + "}",
                Timestamp.from(createdAt),
                status);
        int position = 0;
        for (String reading : readings) {
            UUID photo = photos.get(position);
            UUID submission = UUID.randomUUID();
            jdbc.update(
                    """
                    insert into receipts.submissions (id, photo_id, file_name, status, reading, created_at, read_at)
                    values (?, ?, 'r.jpg', ?, ?::jsonb, ?, ?)""",
                    submission,
                    photo,
                    reading == null ? "queued" : "read",
                    reading,
                    Timestamp.from(createdAt),
                    reading == null ? null : Timestamp.from(createdAt));
            jdbc.update(
                    "insert into receipts.entry_receipts (entry_id, position, submission_id) values (?, ?, ?)",
                    id,
                    position++,
                    submission);
        }
        return id;
    }

    /** A reading of a receipt at {@code store} for {@code total} yen with items given as name, quantity, amount. */
    public static String reading(String store, String purchasedAt, long total, Object... items) {
        var sb = new StringBuilder();
        for (int i = 0; i < items.length; i += 3) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append("{\"name\":")
                    .append(quote((String) items[i]))
                    .append(",\"quantity\":")
                    .append(items[i + 1])
                    .append(",\"amount\":")
                    .append(items[i + 2])
                    .append('}');
        }
        return "{\"store\":{\"name\":" + quote(store) + "},\"purchasedAt\":" + quote(purchasedAt) + ",\"total\":"
                + total + ",\"items\":[" + sb + "],\"currency\":\"JPY\"}";
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
