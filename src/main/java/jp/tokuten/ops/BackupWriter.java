package jp.tokuten.ops;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import jp.tokuten.audit.AuditAnchors;
import jp.tokuten.shared.BackupKey;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/**
 * Writes one backup into a new directory: every table of tokuten's schemas and every sequence read in ONE
 * snapshot (a REPEATABLE READ READ ONLY transaction as the owner, COPY TO STDOUT; no pg_dump needed, so it
 * works on the embedded PostgreSQL as on an external one), then the stored files, each part sealed with
 * the backup key, then the manifest. An owner subject to forced row-level security (an external owner that
 * is not superuser) reads tenant tables tenant by tenant within the same snapshot.
 */
final class BackupWriter {

    private final List<String> schemas;
    private final Path filesDir;
    private final BackupKey key;

    BackupWriter(List<String> schemas, Path filesDir, BackupKey key) {
        this.schemas = List.copyOf(schemas);
        this.filesDir = filesDir;
        this.key = key;
    }

    record Written(Path directory, long sizeBytes, String sha256, BackupFormat.Catalog catalog) {}

    /**
     * Writes the backup {@code id} into {@code directory} (which must not exist) from {@code owner}. With a
     * {@code snapshot} (from {@code pg_export_snapshot()}) the rows are read as of that snapshot.
     */
    Written write(Connection owner, UUID id, Instant now, Path directory, @Nullable String snapshot)
            throws IOException, SQLException {
        Files.createDirectories(directory.getParent());
        Files.createDirectory(directory);
        var parts = new ArrayList<BackupFormat.Part>();
        BackupFormat.Catalog catalog;
        owner.setAutoCommit(true);
        TokutenTables.settle(owner);
        try (var st = owner.createStatement()) {
            st.execute("begin isolation level repeatable read read only");
            if (snapshot != null) {
                st.execute("set transaction snapshot '" + snapshot.replace("'", "''") + "'");
            }
        }
        List<BackupFormat.Table> tables;
        int sequences;
        var versions = TokutenTables.schemaVersions(owner, schemas);
        String server;
        try {
            server = single(owner, "select version()");
            boolean bypasses = Boolean.parseBoolean(single(
                    owner, "select (rolsuper or rolbypassrls)::text from pg_roles where rolname = current_user"));
            var tenants = new ArrayList<String>();
            if (!bypasses) {
                try (var st = owner.createStatement();
                        var rs = st.executeQuery("select id from tenancy.tenants order by id")) {
                    while (rs.next()) {
                        tenants.add(rs.getString(1));
                    }
                }
            }
            Path file = directory.resolve(BackupFormat.DATABASE);
            tables = new ArrayList<>();
            try (var out = new DataOutputStream(new BufferedOutputStream(
                    new GZIPOutputStream(
                            SealedStreams.seal(Files.newOutputStream(file), key.bytes(), BackupFormat.DATABASE),
                            1 << 16),
                    1 << 16))) {
                var copy = ((PGConnection) owner.unwrap(PGConnection.class)).getCopyAPI();
                for (var table : TokutenTables.tables(owner, schemas)) {
                    var columns = TokutenTables.columns(owner, table);
                    out.writeByte('T');
                    out.writeUTF(table.label());
                    out.writeInt(columns.size());
                    for (String c : columns) {
                        out.writeUTF(c);
                    }
                    var checksum = new BackupFormat.RowChecksum();
                    var chunks = new Chunks(out, checksum);
                    String select = "select " + TokutenTables.columnList(columns) + " from " + table.qualified();
                    if (table.forced() && !bypasses) {
                        for (String tenant : tenants) {
                            try (var st = owner.prepareStatement("select set_config('tokuten.tenant_id', ?, true)")) {
                                st.setString(1, tenant);
                                st.execute();
                            }
                            copy.copyOut("copy (" + select + ") to stdout", chunks);
                        }
                        try (var st = owner.createStatement()) {
                            st.execute("select set_config('tokuten.tenant_id', '', true)");
                        }
                    } else {
                        copy.copyOut("copy (" + select + ") to stdout", chunks);
                    }
                    chunks.flush();
                    out.writeByte('E');
                    tables.add(new BackupFormat.Table(table.label(), columns, checksum.rows(), checksum.checksum()));
                }
                var names = TokutenTables.sequences(owner, schemas);
                for (String sequence : names) {
                    try (var st = owner.createStatement();
                            var rs = st.executeQuery("select last_value, is_called from " + sequence)) {
                        rs.next();
                        out.writeByte('Q');
                        out.writeUTF(sequence);
                        out.writeLong(rs.getLong(1));
                        out.writeBoolean(rs.getBoolean(2));
                    }
                }
                sequences = names.size();
                out.writeByte('Z');
            }
            var heads = new ArrayList<AuditAnchors.Head>();
            try (var st = owner.createStatement();
                    var rs = st.executeQuery(
                            "select chain, last_seq, last_hash from audit.chains where last_seq > 0 order by chain")) {
                while (rs.next()) {
                    heads.add(new AuditAnchors.Head(
                            rs.getObject(1, UUID.class),
                            rs.getLong(2),
                            HexFormat.of().formatHex(rs.getBytes(3))));
                }
            }
            Files.writeString(directory.resolve(BackupFormat.ANCHOR), AuditAnchors.sign(heads, now, key));
        } finally {
            try (var st = owner.createStatement()) {
                st.execute("rollback");
            }
        }
        parts.add(part(directory, BackupFormat.DATABASE));
        long[] fileCount = writeFiles(directory.resolve(BackupFormat.FILES));
        parts.add(part(directory, BackupFormat.FILES));
        catalog = new BackupFormat.Catalog(
                now.toString(), server, versions, tables, sequences, fileCount[0], fileCount[1]);
        try (var out = SealedStreams.seal(
                Files.newOutputStream(directory.resolve(BackupFormat.CATALOG)), key.bytes(), BackupFormat.CATALOG)) {
            out.write(BackupFormat.JSON.writeValueAsBytes(catalog));
        }
        parts.addFirst(part(directory, BackupFormat.CATALOG));
        parts.add(part(directory, BackupFormat.ANCHOR));
        var manifest = new BackupFormat.Manifest(
                        BackupFormat.FORMAT, id.toString(), now.toString(), key.id(), parts, "")
                .signed(key);
        Path manifestFile = directory.resolve(BackupFormat.MANIFEST);
        Files.write(
                manifestFile, BackupFormat.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        long size = 0;
        for (var p : parts) {
            size += p.bytes();
        }
        size += Files.size(manifestFile);
        return new Written(directory, size, BackupFormat.sha256(manifestFile), catalog);
    }

    /** The stored files: each as its path under the files directory, its size and its bytes. */
    private long[] writeFiles(Path file) throws IOException {
        long count = 0;
        long bytes = 0;
        try (var out = new DataOutputStream(new BufferedOutputStream(
                SealedStreams.seal(Files.newOutputStream(file), key.bytes(), BackupFormat.FILES), 1 << 16))) {
            if (Files.isDirectory(filesDir)) {
                List<Path> all;
                try (Stream<Path> walk = Files.walk(filesDir)) {
                    all = walk.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().endsWith(".part"))
                            .sorted()
                            .toList();
                }
                for (Path p : all) {
                    long size;
                    InputStream in;
                    try {
                        size = Files.size(p);
                        in = Files.newInputStream(p);
                    } catch (NoSuchFileException e) {
                        continue; // removed since the walk (an original cleaned up): not in the snapshot's rows either
                    }
                    try (in) {
                        out.writeByte('F');
                        out.writeUTF(filesDir.relativize(p).toString().replace('\\', '/'));
                        out.writeLong(size);
                        long copied = in.transferTo(new Bounded(out, size));
                        if (copied != size) {
                            throw new IOException("The stored file " + p + " changed while it was backed up");
                        }
                    }
                    count++;
                    bytes += size;
                }
            }
            out.writeByte('Z');
        }
        return new long[] {count, bytes};
    }

    private static BackupFormat.Part part(Path directory, String name) throws IOException {
        Path file = directory.resolve(name);
        return new BackupFormat.Part(name, Files.size(file), BackupFormat.sha256(file));
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** COPY's bytes as 'D' records of up to 64 KB each, every byte also counted by the checksum. */
    private static final class Chunks extends OutputStream {
        private final DataOutputStream out;
        private final OutputStream checksum;
        private final byte[] buffer = new byte[1 << 16];
        private int filled;

        Chunks(DataOutputStream out, OutputStream checksum) {
            this.out = out;
            this.checksum = checksum;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            checksum.write(b, off, len);
            while (len > 0) {
                if (filled == buffer.length) {
                    flush();
                }
                int n = Math.min(len, buffer.length - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            if (filled > 0) {
                out.writeByte('D');
                out.writeInt(filled);
                out.write(buffer, 0, filled);
                filled = 0;
            }
        }
    }

    /** Passes on at most {@code limit} bytes, failing when more come (a file grew while it was read). */
    private static final class Bounded extends OutputStream {
        private final OutputStream out;
        private long left;

        Bounded(OutputStream out, long limit) {
            this.out = out;
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                throw new IOException("a stored file grew while it was backed up");
            }
            out.write(b, off, len);
            left -= len;
        }
    }
}
