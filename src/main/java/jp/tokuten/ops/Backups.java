package jp.tokuten.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import jp.tokuten.audit.AuditAnchors;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.files.StoredFiles;
import jp.tokuten.jobs.Jobs;
import jp.tokuten.platform.OwnerDatabase;
import jp.tokuten.shared.BackupKey;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Backups (issue 14, decisions 130–133): daily at {@code tokuten.backup.at} Japan time and whenever an
 * operator asks. A backup is a job ({@code ops.backup}), so one node runs it and another takes it over if that
 * node dies; it writes the database (one snapshot) and the stored files, encrypted, under
 * {@code tokuten.backup.dir}, keeps the newest {@code keep} (7), copies it to the second location, and writes
 * an audit anchor beside it. Requests are audited ({@code backup.requested}); callers authorise operators.
 */
@Service
public class Backups {

    static final String JOB = "ops.backup";
    static final String PREFIX = "tokuten-";
    static final String ANCHORS = "anchors";
    static final Duration KEEP_ANCHORS = Duration.ofDays(400);
    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Logger log = LoggerFactory.getLogger(Backups.class);

    private final JdbcClient jdbc;
    private final Jobs jobs;
    private final AuditTrail audit;
    private final AuditAnchors anchors;
    private final OwnerDatabase owner;
    private final BackupProperties properties;
    private final Path filesDir;
    private final Path dataDir;
    private final Clock clock;
    private final @Nullable S3Storage s3;
    private final String s3Prefix;

    Backups(
            JdbcClient jdbc,
            Jobs jobs,
            AuditTrail audit,
            AuditAnchors anchors,
            OwnerDatabase owner,
            BackupProperties properties,
            StoredFiles files,
            Clock clock) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.audit = audit;
        this.anchors = anchors;
        this.owner = owner;
        this.properties = properties;
        this.filesDir = files.directory();
        this.dataDir = owner.dataDir();
        this.clock = clock;
        var s3 = properties.s3();
        if (s3 != null && s3.enabled()) {
            this.s3 = new S3Storage(
                    java.net.URI.create(s3.endpoint().strip()),
                    s3.bucket(),
                    s3.region() == null || s3.region().isBlank() ? "us-east-1" : s3.region(),
                    s3.accessKey(),
                    s3.secretKey(),
                    clock);
            String prefix = s3.prefix() == null ? "" : s3.prefix().strip();
            this.s3Prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        } else {
            this.s3 = null;
            this.s3Prefix = "";
        }
    }

    /**
     * Starts a backup for an operator, with an optional reason for the audit entry; 422 {@code backup_key_missing}
     * when there is no key.
     */
    @Transactional
    public UUID request(UUID operatorId, @Nullable String reason) {
        if (key().isEmpty()) {
            throw new ProblemException(422, "backup_key_missing");
        }
        UUID id = TimeOrderedIds.next(clock);
        jdbc.sql("insert into ops.backups (id, kind, requested_by, created_at) values (?, 'requested', ?, now())")
                .params(id, operatorId)
                .update();
        audit.record("backup.requested", reason, Map.of("backup", id.toString()));
        jobs.enqueue(JOB, null, Map.of("backup", id.toString()), JOB + ":" + id);
        return id;
    }

    /** Starts the daily backup of {@code day} (a Japan date) unless it was started already; its id if it was now. */
    @Transactional
    public Optional<UUID> startDaily(LocalDate day) {
        UUID id = TimeOrderedIds.next(clock);
        int inserted = jdbc.sql("""
                        insert into ops.backups (id, kind, daily_for, created_at) values (?, 'daily', ?, now())
                        on conflict (daily_for) do nothing""").params(id, day).update();
        if (inserted == 0) {
            return Optional.empty();
        }
        jobs.enqueue(JOB, null, Map.of("backup", id.toString()), JOB + ":" + id);
        return Optional.of(id);
    }

    @Transactional(readOnly = true)
    public Optional<Backup> find(UUID id) {
        return jdbc.sql("select * from ops.backups where id = ?")
                .param(id)
                .query(Backups::map)
                .optional();
    }

    /** The newest backups first. */
    @Transactional(readOnly = true)
    public List<Backup> list(int limit) {
        return jdbc.sql("select * from ops.backups order by created_at desc, id desc limit ?")
                .param(Math.clamp(limit, 1, 500))
                .query(Backups::map)
                .list();
    }

    /** The key backups are encrypted with: configured, or generated for the embedded database. */
    Optional<BackupKey> key() {
        boolean generating = (properties.key() == null || properties.key().isBlank())
                && owner.embedded()
                && !Files.exists(dataDir.resolve(BackupKey.GENERATED_FILE));
        var key = BackupKey.resolve(properties.key(), owner.embedded(), dataDir, true);
        if (generating && key.isPresent()) {
            log.warn(
                    "TOKUTEN_BACKUP_KEY is not set: generated a backup key in {} for the embedded database. Backups"
                            + " cannot be restored without it: keep a copy elsewhere, or set TOKUTEN_BACKUP_KEY",
                    dataDir.resolve(BackupKey.GENERATED_FILE).toAbsolutePath());
        }
        return key;
    }

    Path directory() {
        return properties.dir().toAbsolutePath().normalize();
    }

    /**
     * Runs backup {@code id} (the job's work): writes it, keeps the newest generations, copies it, anchors the
     * audit chains, and records the outcome. Running it again after a crash starts it afresh.
     */
    void run(UUID id) {
        run(id, null);
    }

    /** {@link #run(UUID)}, reading the rows as of an exported snapshot when one is given (tests). */
    void run(UUID id, @Nullable String snapshot) {
        var row = find(id);
        if (row.isEmpty() || !row.get().status().equals("running")) {
            return; // done or failed already: a repeated job
        }
        try {
            var key = key().orElseThrow(() -> new IllegalStateException(
                    "TOKUTEN_BACKUP_KEY is not set: backups of an external database are refused without a key"));
            Instant now = clock.instant();
            Path root = directory();
            String name = PREFIX + NAME_TIME.format(now) + "-" + id;
            Path partial = root.resolve(".partial-" + id);
            BackupRestore.deleteTree(partial);
            BackupWriter.Written written;
            try (var connection = owner.connect()) {
                written =
                        new BackupWriter(owner.schemas(), filesDir, key).write(connection, id, now, partial, snapshot);
            }
            Path finished = root.resolve(name);
            Files.move(partial, finished, StandardCopyOption.ATOMIC_MOVE);
            prune(root);
            var copies = new ArrayList<String>();
            if (properties.copyDir() != null) {
                copies.add(copyTo(finished, properties.copyDir()).toString());
            }
            if (s3 != null) {
                copies.add(copyTo(finished, s3, s3Prefix, properties.keep()));
            }
            writeAnchor(key);
            jdbc.sql("""
                            update ops.backups set status = 'done', finished_at = now(), location = ?, copies = ?,
                                   size_bytes = ?, sha256 = ?, error = null
                             where id = ? and status = 'running'""")
                    .params(
                            finished.toString(),
                            copies.isEmpty() ? null : String.join("\n", copies),
                            written.sizeBytes(),
                            written.sha256(),
                            id)
                    .update();
            log.info(
                    "Backup {} done: {} ({} bytes, {} tables, {} files)",
                    id,
                    finished,
                    written.sizeBytes(),
                    written.catalog().tables().size(),
                    written.catalog().files());
        } catch (Exception e) {
            log.error("Backup {} failed: {}", id, e.getMessage(), e);
            jdbc.sql(
                            "update ops.backups set status = 'failed', finished_at = now(), error = ? where id = ? and status = 'running'")
                    .params(String.valueOf(e.getMessage()), id)
                    .update();
        }
    }

    /**
     * Writes the signed heads of every audit chain to {@code anchors/} in the backup directory and the copy
     * directory; anchors older than 400 days are removed.
     */
    Path writeAnchor(BackupKey key) throws IOException {
        Instant now = clock.instant();
        String text = anchors.write(key, now);
        String file = "audit-anchor-" + NAME_TIME.format(now) + ".txt";
        Path written = writeAtomically(directory().resolve(ANCHORS), file, text);
        if (properties.copyDir() != null) {
            writeAtomically(properties.copyDir().toAbsolutePath().resolve(ANCHORS), file, text);
        }
        if (s3 != null) {
            s3.put(s3Prefix + ANCHORS + "/" + file, text.getBytes(StandardCharsets.UTF_8));
        }
        pruneAnchors(directory().resolve(ANCHORS), now);
        return written;
    }

    private static Path writeAtomically(Path dir, String name, String text) throws IOException {
        Files.createDirectories(dir);
        Path temporary = dir.resolve(name + ".part");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        return Files.move(temporary, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private void pruneAnchors(Path dir, Instant now) throws IOException {
        Instant oldest = now.minus(KEEP_ANCHORS);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("audit-anchor-"))
                    .toList()) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(oldest)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Keeps the newest {@code keep} complete backups in {@code root}; drops partial ones a day old. */
    void prune(Path root) throws IOException {
        List<Path> complete;
        try (Stream<Path> dirs = Files.list(root)) {
            complete = dirs.filter(p -> p.getFileName().toString().startsWith(PREFIX))
                    .filter(p -> Files.isRegularFile(p.resolve(BackupFormat.MANIFEST)))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString())
                            .reversed())
                    .toList();
        }
        for (Path old : complete.subList(Math.min(properties.keep(), complete.size()), complete.size())) {
            log.info("Removing backup {} (keeping {} generations)", old, properties.keep());
            BackupRestore.deleteTree(old);
        }
        Instant dayAgo = clock.instant().minus(1, ChronoUnit.DAYS);
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path p : dirs.filter(p -> p.getFileName().toString().startsWith(".partial-"))
                    .toList()) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(dayAgo)) {
                    BackupRestore.deleteTree(p);
                }
            }
        }
    }

    /** Copies a finished backup into {@code target} (under a temporary name, then renamed) and prunes there. */
    private Path copyTo(Path backup, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        Files.createDirectories(root);
        Path partial = root.resolve(".partial-" + backup.getFileName());
        BackupRestore.deleteTree(partial);
        Files.createDirectory(partial);
        try (Stream<Path> files = Files.list(backup)) {
            for (Path f : files.toList()) {
                Files.copy(f, partial.resolve(f.getFileName()));
            }
        }
        Path copy = root.resolve(backup.getFileName());
        Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE);
        prune(root);
        return copy;
    }

    /**
     * Uploads a finished backup under {@code prefix + name + "/"} (the manifest last, so a backup with a manifest
     * is whole) and keeps the newest {@code keep} there; returns where it went.
     */
    static String copyTo(Path backup, S3Storage s3, String prefix, int keep) throws IOException {
        String folder = prefix + backup.getFileName() + "/";
        List<Path> files;
        try (Stream<Path> list = Files.list(backup)) {
            files = list.sorted(Comparator.comparing(
                                    (Path p) -> p.getFileName().toString().equals(BackupFormat.MANIFEST))
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        }
        for (Path f : files) {
            s3.put(folder + f.getFileName(), f, BackupFormat.sha256(f));
        }
        var backups = s3.folders(prefix).stream()
                .filter(f -> f.startsWith(prefix + PREFIX))
                .sorted(Comparator.reverseOrder())
                .toList();
        for (String old : backups.subList(Math.min(keep, backups.size()), backups.size())) {
            log.info("Removing backup {} (keeping {} generations)", s3.describe(old), keep);
            for (String key : s3.keys(old)) {
                s3.delete(key);
            }
        }
        return s3.describe(folder);
    }

    private static Backup map(ResultSet rs, int row) throws SQLException {
        long size = rs.getLong("size_bytes");
        Long sizeBytes = rs.wasNull() ? null : size;
        String copies = rs.getString("copies");
        return new Backup(
                rs.getObject("id", UUID.class),
                rs.getString("kind"),
                rs.getString("status"),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("finished_at")),
                rs.getString("location"),
                copies == null ? List.of() : List.of(copies.split("\n")),
                sizeBytes,
                rs.getString("sha256"),
                rs.getString("error"));
    }

    private static @Nullable Instant instant(@Nullable Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
