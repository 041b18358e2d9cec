package jp.tokuten.ops;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import jp.tokuten.shared.BackupKey;
import org.postgresql.PGConnection;
import tools.jackson.core.JacksonException;

/**
 * Checks a backup and restores it into an empty database and files directory. Everything that can be
 * checked before anything is written is: the manifest's format, the key's id (a wrong key is named as
 * such), the manifest's HMAC, each part's size and SHA-256, the catalog's GCM tags and the schema versions.
 * The rows are loaded in one transaction as the owner (row security unforced, user triggers such as the
 * audit capture disabled and foreign keys dropped while loading, all put back and the keys validated
 * before commit) and compared with the catalog's counts and checksums before it commits.
 */
final class BackupRestore {

    /** A backup that cannot be restored, or a target it must not be restored into. */
    static final class RefusedException extends Exception {
        RefusedException(String message) {
            super(message);
        }
    }

    private final Path directory;
    private final BackupKey key;
    private final BackupFormat.Manifest manifest;
    private final BackupFormat.Catalog catalog;

    private BackupRestore(Path directory, BackupKey key, BackupFormat.Manifest manifest, BackupFormat.Catalog catalog) {
        this.directory = directory;
        this.key = key;
        this.manifest = manifest;
        this.catalog = catalog;
    }

    Path directory() {
        return directory;
    }

    BackupFormat.Manifest manifest() {
        return manifest;
    }

    BackupFormat.Catalog catalog() {
        return catalog;
    }

    /** Opens {@code backup} (its directory or its manifest) and checks all of it that needs no database. */
    static BackupRestore check(Path backup, BackupKey key) throws RefusedException, IOException {
        Path directory =
                Files.isDirectory(backup) ? backup : backup.toAbsolutePath().getParent();
        Path manifestFile = directory.resolve(BackupFormat.MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new RefusedException(backup + " is not a tokuten backup: it has no " + BackupFormat.MANIFEST);
        }
        BackupFormat.Manifest manifest;
        try {
            manifest = BackupFormat.JSON.readValue(Files.readAllBytes(manifestFile), BackupFormat.Manifest.class);
        } catch (JacksonException e) {
            throw new RefusedException("The backup's manifest is damaged (not readable JSON): " + manifestFile);
        }
        if (!BackupFormat.FORMAT.equals(manifest.format()) || manifest.parts() == null) {
            throw new RefusedException("Not a backup this version of tokuten reads: format " + manifest.format());
        }
        if (!key.id().equals(manifest.keyId())) {
            throw new RefusedException("Wrong key: the backup was encrypted with the key whose id is "
                    + manifest.keyId() + ", TOKUTEN_BACKUP_KEY is the key " + key.id()
                    + ". Set TOKUTEN_BACKUP_KEY to the key of the site that made it.");
        }
        if (!manifest.macMatches(key)) {
            throw new RefusedException("The backup's manifest is damaged or was altered: its HMAC does not match");
        }
        for (var part : manifest.parts()) {
            Path file = directory.resolve(part.name()).normalize();
            if (!file.getParent().equals(directory.normalize()) || !Files.isRegularFile(file)) {
                throw new RefusedException("The backup is incomplete: the part " + part.name() + " is missing");
            }
            if (Files.size(file) != part.bytes() || !BackupFormat.sha256(file).equals(part.sha256())) {
                throw new RefusedException("The backup is damaged: the checksum (SHA-256) of the part " + part.name()
                        + " does not match the manifest");
            }
        }
        BackupFormat.Catalog catalog;
        try (var in = SealedStreams.open(
                Files.newInputStream(directory.resolve(BackupFormat.CATALOG)), key.bytes(), BackupFormat.CATALOG)) {
            catalog = BackupFormat.JSON.readValue(in.readAllBytes(), BackupFormat.Catalog.class);
        } catch (SealedStreams.DamagedException e) {
            throw new RefusedException("The backup is damaged or was made with another key: " + e.getMessage());
        } catch (JacksonException e) {
            throw new RefusedException("The backup's catalog is damaged");
        }
        return new BackupRestore(directory, key, manifest, catalog);
    }

    /** Refuses a target that holds anything: a tenant, an operator, or a stored file. */
    static void requireEmpty(Connection owner, Path filesDir) throws SQLException, IOException, RefusedException {
        for (String table : List.of("tenancy.tenants", "identity.operators")) {
            try (var st = owner.createStatement();
                    var rs = st.executeQuery("select count(*) from " + table)) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    throw new RefusedException("The database is not empty (" + table + " has " + rs.getLong(1)
                            + " rows): restore only into a new, empty database");
                }
            }
        }
        if (Files.isDirectory(filesDir)) {
            try (Stream<Path> files = Files.list(filesDir)) {
                if (files.findAny().isPresent()) {
                    throw new RefusedException("The files directory " + filesDir
                            + " is not empty: restore only into a new, empty data directory");
                }
            }
        } else if (Files.exists(filesDir)) {
            throw new RefusedException(filesDir + " is not a directory");
        }
    }

    /** Restores the rows through {@code owner} and the files into {@code filesDir}. */
    void restore(Connection owner, List<String> schemas, Path filesDir)
            throws SQLException, IOException, RefusedException {
        var versions = TokutenTables.schemaVersions(owner, schemas);
        if (!versions.equals(catalog.schemaVersions())) {
            throw new RefusedException("The backup was made by another version of tokuten (its migrations "
                    + differences(catalog.schemaVersions(), versions)
                    + "): restore it with the version that made it, then upgrade");
        }
        Path staging = filesDir.resolveSibling(filesDir.getFileName() + ".restoring");
        deleteTree(staging);
        extractFiles(staging);
        owner.setAutoCommit(false);
        TokutenTables.settle(owner);
        try {
            loadRows(owner, schemas);
            owner.commit();
        } catch (SQLException | IOException | RefusedException | RuntimeException e) {
            owner.rollback();
            deleteTree(staging);
            throw e;
        } finally {
            owner.setAutoCommit(true);
        }
        if (Files.isDirectory(filesDir)) {
            Files.delete(filesDir); // empty, checked before
        }
        Files.createDirectories(filesDir.toAbsolutePath().getParent());
        Files.move(staging, filesDir, StandardCopyOption.ATOMIC_MOVE);
    }

    private void loadRows(Connection owner, List<String> schemas) throws SQLException, IOException, RefusedException {
        var tables = TokutenTables.tables(owner, schemas);
        var byLabel = new LinkedHashMap<String, TokutenTables.TableInfo>();
        tables.forEach(t -> byLabel.put(t.label(), t));
        var foreignKeys = new ArrayList<String[]>(); // table, name, definition
        var triggers = new ArrayList<String[]>(); // table, trigger
        try (var st = owner.prepareStatement("""
                select format('%I.%I', n.nspname, c.relname), k.conname, pg_get_constraintdef(k.oid)
                  from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
                 where k.contype = 'f' and n.nspname = any (?)""")) {
            st.setArray(1, owner.createArrayOf("text", schemas.toArray()));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    foreignKeys.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
        }
        try (var st = owner.prepareStatement("""
                select format('%I.%I', n.nspname, c.relname), t.tgname
                  from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
                 where not t.tgisinternal and t.tgenabled <> 'D' and n.nspname = any (?)""")) {
            st.setArray(1, owner.createArrayOf("text", schemas.toArray()));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    triggers.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        try (var st = owner.createStatement()) {
            for (var fk : foreignKeys) {
                st.execute("alter table " + fk[0] + " drop constraint " + TokutenTables.quote(fk[1]));
            }
            for (var t : triggers) {
                st.execute("alter table " + t[0] + " disable trigger " + TokutenTables.quote(t[1]));
            }
            for (var t : tables) {
                if (t.forced()) {
                    st.execute("alter table " + t.qualified() + " no force row level security");
                }
            }
            if (!tables.isEmpty()) {
                st.execute("truncate "
                        + String.join(
                                ", ",
                                tables.stream()
                                        .map(TokutenTables.TableInfo::qualified)
                                        .toList()));
            }
        }
        var copy = owner.unwrap(PGConnection.class).getCopyAPI();
        try (var in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(
                SealedStreams.open(
                        Files.newInputStream(directory.resolve(BackupFormat.DATABASE)),
                        key.bytes(),
                        BackupFormat.DATABASE),
                1 << 16)))) {
            while (true) {
                int record = in.readByte();
                if (record == 'Z') {
                    break;
                } else if (record == 'T') {
                    String label = in.readUTF();
                    int n = in.readInt();
                    var columns = new ArrayList<String>();
                    for (int i = 0; i < n; i++) {
                        columns.add(in.readUTF());
                    }
                    var table = byLabel.get(label);
                    if (table == null) {
                        throw new RefusedException("The backup holds a table this database does not have: " + label);
                    }
                    copy.copyIn(
                            "copy " + table.qualified() + " (" + TokutenTables.columnList(columns) + ") from stdin",
                            new Chunks(in));
                } else if (record == 'Q') {
                    String sequence = in.readUTF();
                    long value = in.readLong();
                    boolean called = in.readBoolean();
                    try (var st = owner.prepareStatement("select setval(?::regclass, ?, ?)")) {
                        st.setString(1, sequence);
                        st.setLong(2, value);
                        st.setBoolean(3, called);
                        st.execute();
                    }
                } else {
                    throw new RefusedException("The backup's database part is damaged (unknown record " + record + ")");
                }
            }
        } catch (SealedStreams.DamagedException e) {
            throw new RefusedException("The backup is damaged: " + e.getMessage());
        } catch (EOFException | ZipException e) {
            throw new RefusedException("The backup's database part is damaged: " + e.getMessage());
        }
        var problems = compare(owner, byLabel);
        try (var st = owner.createStatement()) {
            for (var fk : foreignKeys) {
                st.execute("alter table " + fk[0] + " add constraint " + TokutenTables.quote(fk[1]) + " " + fk[2]);
            }
            for (var t : triggers) {
                st.execute("alter table " + t[0] + " enable trigger " + TokutenTables.quote(t[1]));
            }
            for (var t : tables) {
                if (t.forced()) {
                    st.execute("alter table " + t.qualified() + " force row level security");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new RefusedException(
                    "The restored rows do not match the backup's catalog: " + String.join("; ", problems));
        }
    }

    /** Recounts and re-checksums every restored table against the catalog. */
    private List<String> compare(Connection owner, Map<String, TokutenTables.TableInfo> byLabel)
            throws SQLException, IOException {
        var copy = owner.unwrap(PGConnection.class).getCopyAPI();
        var problems = new ArrayList<String>();
        for (var expected : catalog.tables()) {
            var table = byLabel.get(expected.name());
            if (table == null) {
                problems.add(expected.name() + " (missing)");
                continue;
            }
            var checksum = new BackupFormat.RowChecksum();
            copy.copyOut(
                    "copy (select " + TokutenTables.columnList(expected.columns()) + " from " + table.qualified()
                            + ") to stdout",
                    checksum);
            if (checksum.rows() != expected.rows() || !checksum.checksum().equals(expected.checksum())) {
                problems.add(expected.name() + " (" + checksum.rows() + " rows, expected " + expected.rows() + ")");
            }
        }
        return problems;
    }

    private void extractFiles(Path target) throws IOException, RefusedException {
        Files.createDirectories(target);
        setPermissions(target, "rwx------");
        try (var in = new DataInputStream(new BufferedInputStream(
                SealedStreams.open(
                        Files.newInputStream(directory.resolve(BackupFormat.FILES)), key.bytes(), BackupFormat.FILES),
                1 << 16))) {
            while (true) {
                int record = in.readByte();
                if (record == 'Z') {
                    break;
                }
                if (record != 'F') {
                    throw new RefusedException("The backup's files part is damaged");
                }
                String name = in.readUTF();
                long size = in.readLong();
                Path file = target.resolve(name).normalize();
                if (!file.startsWith(target) || size < 0) {
                    throw new RefusedException("The backup's files part is damaged (a bad path: " + name + ")");
                }
                Path parent = file.getParent();
                if (!Files.isDirectory(parent)) {
                    Files.createDirectories(parent);
                    for (Path p = parent; !p.equals(target); p = p.getParent()) {
                        setPermissions(p, "rwx------");
                    }
                }
                try (var out = Files.newOutputStream(file)) {
                    long left = size;
                    byte[] buffer = new byte[1 << 16];
                    while (left > 0) {
                        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                        if (n < 0) {
                            throw new EOFException();
                        }
                        out.write(buffer, 0, n);
                        left -= n;
                    }
                }
                setPermissions(file, "rw-------");
            }
        } catch (SealedStreams.DamagedException e) {
            deleteTree(target);
            throw new RefusedException("The backup is damaged: " + e.getMessage());
        } catch (EOFException e) {
            deleteTree(target);
            throw new RefusedException("The backup's files part is damaged (cut short)");
        }
    }

    private static void setPermissions(Path p, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (NoSuchFileException ignored) {
                    // gone already
                }
            }
        }
    }

    private static String differences(Map<String, List<String>> backup, Map<String, List<String>> here) {
        var text = new ArrayList<String>();
        for (var e : backup.entrySet()) {
            var mine = here.getOrDefault(e.getKey(), List.of());
            if (!mine.equals(e.getValue())) {
                text.add(e.getKey() + " " + last(e.getValue()) + " here " + last(mine));
            }
        }
        for (var e : here.entrySet()) {
            if (!backup.containsKey(e.getKey())) {
                text.add(e.getKey() + " none, here " + last(e.getValue()));
            }
        }
        return String.join(", ", text);
    }

    private static String last(List<String> versions) {
        return versions.isEmpty() ? "none" : "V" + versions.getLast();
    }

    /** Reads the 'D' records of one table up to its 'E' as one stream, for COPY FROM. */
    private static final class Chunks extends InputStream {
        private final DataInputStream in;
        private int left;
        private boolean ended;

        Chunks(DataInputStream in) {
            this.in = in;
        }

        private boolean next() throws IOException {
            while (left == 0) {
                if (ended) {
                    return false;
                }
                int record = in.readByte();
                if (record == 'E') {
                    ended = true;
                    return false;
                }
                if (record != 'D') {
                    throw new IOException("The backup's database part is damaged (unknown record " + record + ")");
                }
                left = in.readInt();
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            if (!next()) {
                return -1;
            }
            left--;
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!next()) {
                return -1;
            }
            int n = in.read(b, off, Math.min(len, left));
            if (n < 0) {
                throw new EOFException();
            }
            left -= n;
            return n;
        }
    }
}
