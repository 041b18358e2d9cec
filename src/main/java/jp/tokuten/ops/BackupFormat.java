package jp.tokuten.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import jp.tokuten.shared.BackupKey;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a backup is on disk (decision 130): a directory holding {@code manifest.json} (in clear: the parts
 * with their size and SHA-256, the key's id, an HMAC over all of it) and three parts sealed with AES-256-GCM
 * ({@link SealedStreams}): {@code catalog.tkb} (schema versions, tables with row counts and checksums),
 * {@code database.tkb} (gzip of every table's rows as PostgreSQL's COPY text and the sequences' values) and
 * {@code files.tkb} (the stored files); and {@code audit-anchor.txt}, the signed heads of the audit chains in the
 * backup's snapshot (decision 132), which a restored database matches.
 */
final class BackupFormat {

    static final String FORMAT = "tokuten-backup/1";
    static final String MANIFEST = "manifest.json";
    static final String CATALOG = "catalog.tkb";
    static final String DATABASE = "database.tkb";
    static final String FILES = "files.tkb";
    static final String ANCHOR = "audit-anchor.txt";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private BackupFormat() {}

    record Part(String name, long bytes, String sha256) {}

    record Manifest(String format, String id, String createdAt, String keyId, List<Part> parts, String mac) {

        String signedText() {
            var text = new StringBuilder(format)
                    .append('\n')
                    .append(id)
                    .append('\n')
                    .append(createdAt)
                    .append('\n');
            text.append(keyId).append('\n');
            for (var p : parts) {
                text.append(p.name())
                        .append(' ')
                        .append(p.bytes())
                        .append(' ')
                        .append(p.sha256())
                        .append('\n');
            }
            return text.toString();
        }

        Manifest signed(BackupKey key) {
            return new Manifest(format, id, createdAt, keyId, parts, mac(key, signedText()));
        }

        boolean macMatches(BackupKey key) {
            return MessageDigest.isEqual(
                    mac(key, signedText()).getBytes(StandardCharsets.US_ASCII),
                    mac == null ? new byte[0] : mac.getBytes(StandardCharsets.US_ASCII));
        }

        private static String mac(BackupKey key, String text) {
            return HexFormat.of()
                    .formatHex(BackupKey.hmac(
                            key.derive("tokuten backup manifest"), text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** A table: its columns in the order of the data, rows, and an order-free checksum of its rows. */
    record Table(String name, List<String> columns, long rows, String checksum) {}

    record Catalog(
            String createdAt,
            String server,
            Map<String, List<String>> schemaVersions,
            List<Table> tables,
            int sequences,
            long files,
            long fileBytes) {}

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            var digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The rows of a table in COPY text (one row per line): counts them and sums the first 128 bits of each
     * row's SHA-256, a checksum that does not depend on the order rows come in.
     */
    static final class RowChecksum extends OutputStream {
        private final MessageDigest digest;
        private long rows;
        private long high;
        private long low;

        RowChecksum() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int start = off;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    digest.update(b, start, i - start);
                    add(digest.digest());
                    start = i + 1;
                }
            }
            digest.update(b, start, off + len - start);
        }

        private void add(byte[] hash) {
            long h = 0;
            long l = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (hash[i] & 0xff);
                l = (l << 8) | (hash[i + 8] & 0xff);
            }
            long sum = low + l;
            if (Long.compareUnsigned(sum, low) < 0) {
                high++;
            }
            low = sum;
            high += h;
            rows++;
        }

        long rows() {
            return rows;
        }

        String checksum() {
            return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
        }
    }
}
