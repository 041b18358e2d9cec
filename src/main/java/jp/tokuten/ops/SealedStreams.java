package jp.tokuten.ops;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM over a stream of any length, in segments of {@link #SEGMENT} bytes (Java's GCM holds a whole
 * message in memory to check its tag, and one key and nonce may seal at most 64 GB): a part starts with
 * {@code TKB1} and a random 7-byte nonce prefix; each segment is its ciphertext length (the top bit marks the
 * last segment) and the ciphertext with its tag. A segment's nonce is the prefix, its number and the last
 * flag, and the part's name is authenticated with each, so reordered, cut short, swapped or altered segments
 * fail to decrypt (decision 130).
 */
final class SealedStreams {

    static final int SEGMENT = 1 << 20;
    private static final byte[] MAGIC = "TKB1".getBytes(StandardCharsets.US_ASCII);
    private static final int LAST = 0x8000_0000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedStreams() {}

    /** A part's bytes could not be decrypted: damaged, or sealed with another key. */
    static final class DamagedException extends IOException {
        DamagedException(String message) {
            super(message);
        }
    }

    static OutputStream seal(OutputStream out, byte[] key, String partName) throws IOException {
        byte[] prefix = new byte[7];
        RANDOM.nextBytes(prefix);
        out.write(MAGIC);
        out.write(prefix);
        return new Sealing(out, key, prefix, partName.getBytes(StandardCharsets.UTF_8));
    }

    static InputStream open(InputStream in, byte[] key, String partName) throws IOException {
        var data = new DataInputStream(in);
        byte[] magic = new byte[4];
        byte[] prefix = new byte[7];
        try {
            data.readFully(magic);
            data.readFully(prefix);
        } catch (EOFException e) {
            throw new DamagedException(partName + ": too short to be a tokuten backup part");
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new DamagedException(partName + ": not a tokuten backup part");
        }
        return new Opening(data, key, prefix, partName);
    }

    private static byte[] nonce(byte[] prefix, int segment, boolean last) {
        return ByteBuffer.allocate(12)
                .put(prefix)
                .putInt(segment)
                .put((byte) (last ? 1 : 0))
                .array();
    }

    private static Cipher cipher(int mode, byte[] key, byte[] prefix, int segment, boolean last, byte[] aad) {
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce(prefix, segment, last)));
            cipher.updateAAD(aad);
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Sealing extends FilterOutputStream {
        private final byte[] key;
        private final byte[] prefix;
        private final byte[] aad;
        private final byte[] buffer = new byte[SEGMENT];
        private int filled;
        private int segment;
        private boolean closed;

        Sealing(OutputStream out, byte[] key, byte[] prefix, byte[] aad) {
            super(out);
            this.key = key.clone();
            this.prefix = prefix;
            this.aad = aad;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (filled == SEGMENT) {
                    emit(false);
                }
                int n = Math.min(len, SEGMENT - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void emit(boolean last) throws IOException {
            byte[] sealed;
            try {
                sealed = cipher(Cipher.ENCRYPT_MODE, key, prefix, segment, last, aad)
                        .doFinal(buffer, 0, filled);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            out.write(ByteBuffer.allocate(4)
                    .putInt(sealed.length | (last ? LAST : 0))
                    .array());
            out.write(sealed);
            segment++;
            filled = 0;
        }

        @Override
        public void flush() {
            // segments are written whole; close() writes the last one
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            emit(true);
            out.close();
        }
    }

    private static final class Opening extends InputStream {
        private final DataInputStream in;
        private final byte[] key;
        private final byte[] prefix;
        private final String name;
        private final byte[] aad;
        private byte[] plain = new byte[0];
        private int position;
        private int segment;
        private boolean ended;

        Opening(DataInputStream in, byte[] key, byte[] prefix, String name) {
            this.in = in;
            this.key = key.clone();
            this.prefix = prefix;
            this.name = name;
            this.aad = name.getBytes(StandardCharsets.UTF_8);
        }

        private boolean fill() throws IOException {
            while (position == plain.length) {
                if (ended) {
                    return false;
                }
                int header;
                try {
                    header = in.readInt();
                } catch (EOFException e) {
                    throw new DamagedException(name + ": cut short (segment " + segment + " is missing)");
                }
                boolean last = (header & LAST) != 0;
                int length = header & ~LAST;
                if (length < 16 || length > SEGMENT + 16) {
                    throw new DamagedException(name + ": damaged (segment " + segment + " has a bad length)");
                }
                byte[] sealed = new byte[length];
                try {
                    in.readFully(sealed);
                } catch (EOFException e) {
                    throw new DamagedException(name + ": cut short in segment " + segment);
                }
                try {
                    plain = cipher(Cipher.DECRYPT_MODE, key, prefix, segment, last, aad)
                            .doFinal(sealed);
                } catch (AEADBadTagException e) {
                    throw new DamagedException(name + ": the GCM authentication tag of segment " + segment
                            + " does not match: the backup is damaged or was encrypted with another key");
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
                position = 0;
                segment++;
                if (last) {
                    ended = true;
                    if (in.read() != -1) {
                        throw new DamagedException(name + ": damaged (bytes after its last segment)");
                    }
                }
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? plain[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, plain.length - position);
            System.arraycopy(plain, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
