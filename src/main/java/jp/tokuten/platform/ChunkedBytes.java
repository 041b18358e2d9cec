package jp.tokuten.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * Bytes held as a row of equal chunks instead of one array. A chunk is 256 KB by default: less than half
 * of G1's smallest region (1 MB), so no chunk is ever a "humongous" object. A photo held in one array of
 * 770 KB is, on a heap of up to 2 GB; under an upload burst those arrays kept G1 marking the heap
 * concurrently, a fifth of the node's CPU (decision 100).
 */
final class ChunkedBytes {

    static final int DEFAULT_SHIFT = 18;

    private final byte[][] chunks;
    private final int length;
    private final int shift;
    private final int mask;

    private ChunkedBytes(byte[][] chunks, int length, int shift) {
        this.chunks = chunks;
        this.length = length;
        this.shift = shift;
        this.mask = (1 << shift) - 1;
    }

    /**
     * Reads {@code length} bytes from {@code in}; throws when the stream ends first.
     *
     * @param shift the chunk size as a power of two
     */
    static ChunkedBytes read(InputStream in, int length, int shift) throws IOException {
        int size = 1 << shift;
        int count = (int) (((long) length + size - 1) >>> shift);
        byte[][] chunks = new byte[count][];
        for (int c = 0; c < count; c++) {
            int n = Math.min(size, length - c * size);
            chunks[c] = new byte[n];
            if (in.readNBytes(chunks[c], 0, n) < n) {
                throw new java.io.EOFException("the body ended before its declared length");
            }
        }
        return new ChunkedBytes(chunks, length, shift);
    }

    /** A copy of {@code bytes[0, length)} in chunks of {@code 2^shift} bytes. */
    static ChunkedBytes of(byte[] bytes, int length, int shift) {
        try {
            return read(new java.io.ByteArrayInputStream(bytes, 0, length), length, shift);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    int length() {
        return length;
    }

    byte at(int i) {
        return chunks[i >>> shift][i & mask];
    }

    /** True when {@code pattern[from, to)} is found at {@code at}. */
    boolean matches(int at, byte[] pattern, int from, int to) {
        int n = to - from;
        if (at < 0 || at + n > length) {
            return false;
        }
        if (n == 0) {
            return true;
        }
        int c = at >>> shift;
        int o = at & mask;
        if (o + n <= chunks[c].length) {
            return Arrays.equals(chunks[c], o, o + n, pattern, from, to);
        }
        for (int k = 0; k < n; k++) {
            if (at(at + k) != pattern[from + k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first index in {@code [from, to)} where {@code pattern} starts, or -1: Boyer-Moore-Horspool with
     * the shifts of {@link MultipartBody#shiftTable}.
     */
    int indexOf(int from, int to, byte[] pattern, int[] shifts) {
        int m = pattern.length;
        int last = m - 1;
        byte lastByte = pattern[last];
        int i = from;
        while (i <= to - m) {
            byte b = at(i + last);
            if (b == lastByte && matches(i, pattern, 0, last)) {
                return i;
            }
            i += shifts[b & 0xff];
        }
        return -1;
    }

    /** Where the slices of a range go, one chunk's part at a time. */
    private interface Slices {
        void take(byte[] chunk, int offset, int count, int done) throws IOException;
    }

    private void slices(int from, int n, Slices to) throws IOException {
        int done = 0;
        while (done < n) {
            int i = from + done;
            byte[] chunk = chunks[i >>> shift];
            int o = i & mask;
            int k = Math.min(n - done, chunk.length - o);
            to.take(chunk, o, k, done);
            done += k;
        }
    }

    /** Copies {@code [from, from + n)} into {@code dest} at {@code at}. */
    void copy(int from, byte[] dest, int at, int n) {
        try {
            slices(from, n, (chunk, o, k, done) -> System.arraycopy(chunk, o, dest, at + done, k));
        } catch (IOException e) {
            throw new IllegalStateException(e); // an array copy throws none
        }
    }

    byte[] copyOf(int from, int n) {
        byte[] out = new byte[n];
        copy(from, out, 0, n);
        return out;
    }

    String string(int from, int n, Charset charset) {
        if (n == 0) {
            return "";
        }
        int o = from & mask;
        byte[] chunk = chunks[from >>> shift];
        if (o + n <= chunk.length) {
            return new String(chunk, o, n, charset);
        }
        return new String(copyOf(from, n), charset);
    }

    void writeTo(int from, int n, OutputStream out) throws IOException {
        slices(from, n, (chunk, o, k, done) -> out.write(chunk, o, k));
    }

    /** A stream of {@code [from, from + n)}. */
    InputStream stream(int from, int n) {
        return new InputStream() {
            private int position = from;
            private final int end = from + n;

            @Override
            public int read() {
                return position < end ? at(position++) & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) {
                    return 0;
                }
                if (position >= end) {
                    return -1;
                }
                int k = Math.min(len, end - position);
                copy(position, b, off, k);
                position += k;
                return k;
            }

            @Override
            public long skip(long count) {
                long k = Math.max(0, Math.min(count, end - position));
                position += (int) k;
                return k;
            }

            @Override
            public int available() {
                return end - position;
            }
        };
    }
}
