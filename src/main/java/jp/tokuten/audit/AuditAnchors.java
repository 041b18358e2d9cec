package jp.tokuten.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.shared.BackupKey;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Audit anchors (decision 132): the heads of every chain (sequence number and hash of its last sealed
 * entry), signed with HMAC-SHA256 under a key derived from the backup key, written outside the database
 * (module {@code ops} puts them in the backup location). {@link #check} tells whether a database still
 * holds every anchored head: someone holding the owner's credentials can recompute a whole chain so that
 * it verifies, but not make it pass through a hash written down before the rewrite.
 *
 * <p>The file is text, one line per fact, the signature over every line before it:
 *
 * <pre>
 * tokuten-audit-anchor 1
 * written 2026-12-04T16:00:00Z
 * chain 00000000-0000-0000-0000-000000000000 1234 9f86d0…
 * hmac-sha256 3a7bd3…
 * </pre>
 */
@Component
public class AuditAnchors {

    static final String HEADER = "tokuten-audit-anchor 1";
    static final String KEY_LABEL = "tokuten audit anchor";

    private final JdbcClient jdbc;
    private final AuditVerification verification;

    AuditAnchors(DataSource dataSource, AuditVerification verification) {
        this.jdbc = JdbcClient.create(dataSource);
        this.verification = verification;
    }

    /** One chain's head as anchored. */
    public record Head(UUID chain, long seq, String hash) {}

    /** The outcome of checking a database against an anchor: intact, or what does not match. */
    public record AnchorCheck(Instant written, int chains, List<String> problems) {
        public boolean intact() {
            return problems.isEmpty();
        }

        public String summary() {
            if (intact()) {
                return "audit anchor of " + written + " matches: " + chains
                        + " chains pass through their anchored heads";
            }
            return "audit anchor of " + written + " does NOT match:\n  " + String.join("\n  ", problems);
        }
    }

    /** Seals what is committed and returns the signed anchor text of every chain's head now. */
    public String write(BackupKey key, Instant now) {
        verification.sealCommitted();
        var heads = jdbc.sql("select chain, last_seq, last_hash from audit.chains where last_seq > 0 order by chain")
                .query((rs, n) -> new Head(
                        rs.getObject(1, UUID.class),
                        rs.getLong(2),
                        HexFormat.of().formatHex(rs.getBytes(3))))
                .list();
        return sign(heads, now, key);
    }

    /**
     * The signed anchor text of {@code heads} as of {@code written}: for heads read elsewhere, such as within a
     * backup's snapshot.
     */
    public static String sign(List<Head> heads, Instant written, BackupKey key) {
        var text = new StringBuilder(HEADER).append('\n');
        text.append("written ").append(written).append('\n');
        for (var h : heads) {
            text.append("chain ")
                    .append(h.chain())
                    .append(' ')
                    .append(h.seq())
                    .append(' ')
                    .append(h.hash())
                    .append('\n');
        }
        String signature = signature(key, text.toString());
        return text.append("hmac-sha256 ").append(signature).append('\n').toString();
    }

    /**
     * Checks the database against an anchor: the signature first (a wrong key or an edited file is refused),
     * then each anchored chain must still exist, reach at least the anchored entry and hold the anchored hash
     * there (or, where the retention purge removed it, as the chain's anchor). Entries the purge removed
     * before the anchored one cannot be checked and are not counted as a mismatch.
     */
    public AnchorCheck check(String anchor, BackupKey key) {
        var lines = anchor.lines().toList();
        if (lines.size() < 3
                || !lines.getFirst().equals(HEADER)
                || !lines.getLast().startsWith("hmac-sha256 ")) {
            throw new IllegalArgumentException("not a tokuten audit anchor");
        }
        String signed = String.join("\n", lines.subList(0, lines.size() - 1)) + "\n";
        byte[] expected = HexFormat.of().parseHex(signature(key, signed));
        byte[] given;
        try {
            given = HexFormat.of()
                    .parseHex(lines.getLast().substring("hmac-sha256 ".length()).strip());
        } catch (IllegalArgumentException e) {
            given = new byte[0];
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw new IllegalArgumentException(
                    "the anchor's signature does not match: the file was altered or TOKUTEN_BACKUP_KEY is not the key it was signed with");
        }
        if (!lines.get(1).startsWith("written ")) {
            throw new IllegalArgumentException("not a tokuten audit anchor");
        }
        Instant written = Instant.parse(lines.get(1).substring("written ".length()));
        verification.sealCommitted();
        var problems = new ArrayList<String>();
        int chains = 0;
        for (String line : lines.subList(2, lines.size() - 1)) {
            String[] f = line.split(" ");
            if (f.length != 4 || !f[0].equals("chain")) {
                throw new IllegalArgumentException("not a tokuten audit anchor: " + line);
            }
            chains++;
            var head = new Head(UUID.fromString(f[1]), Long.parseLong(f[2]), f[3]);
            problems.addAll(check(head));
        }
        return new AnchorCheck(written, chains, problems);
    }

    private List<String> check(Head anchored) {
        String name = AuditVerification.PLATFORM_CHAIN.equals(anchored.chain())
                ? "platform chain"
                : "chain of tenant " + anchored.chain();
        var now = jdbc.sql("select last_seq, anchor_seq, anchor_hash from audit.chains where chain = ?")
                .param(anchored.chain())
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .optional();
        if (now.isEmpty()) {
            return List.of(name + ": missing (it had " + anchored.seq() + " entries)");
        }
        long lastSeq = now.get()[0];
        long purgedUpTo = now.get()[1];
        if (lastSeq < anchored.seq()) {
            return List.of(name + ": ends at entry " + lastSeq + " but had reached " + anchored.seq()
                    + " (entries were removed)");
        }
        byte[] hash;
        if (anchored.seq() < purgedUpTo) {
            return List.of();
        } else if (anchored.seq() == purgedUpTo) {
            hash = jdbc.sql("select anchor_hash from audit.chains where chain = ?")
                    .param(anchored.chain())
                    .query(byte[].class)
                    .single();
        } else {
            hash = jdbc.sql("select audit.sealed_hash(?, ?)")
                    .params(anchored.chain(), anchored.seq())
                    .query((rs, n) -> rs.getBytes(1))
                    .single();
        }
        if (hash == null || !HexFormat.of().formatHex(hash).equals(anchored.hash())) {
            return List.of(
                    name + ": entry " + anchored.seq() + " does not have the anchored hash (the chain was rewritten)");
        }
        return List.of();
    }

    private static String signature(BackupKey key, String text) {
        return HexFormat.of().formatHex(BackupKey.hmac(key.derive(KEY_LABEL), text.getBytes(StandardCharsets.UTF_8)));
    }
}
