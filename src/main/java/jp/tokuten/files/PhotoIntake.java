package jp.tokuten.files;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import jp.tokuten.shared.Slots;
import org.springframework.core.io.InputStreamSource;

/**
 * Checks an uploaded photo by its content and decodes it (写真の受付). Accepts JPEG, PNG, WebP and
 * HEIC/HEIF; refuses everything else, empty or oversized files, images with more pixels than the limit
 * or of a shape no later step can handle (both read from the header before anything is decoded),
 * truncated images and files that carry something else after or inside the image (polyglots). Decoding
 * takes one of a bounded number of {@link #slots() slots}, since a decoded photo holds about 3 bytes per
 * pixel in the heap. No Spring beans: the command line uses it as it is.
 */
public final class PhotoIntake {

    /** 20 MB: a 48-megapixel phone JPEG is about 12 MB. */
    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;

    /** 50 million pixels: above any phone camera, far below a decompression bomb. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    /** The longest side the JPEG encoder (and so the stored copy) supports. */
    public static final int MAX_SIDE = 65_500;

    /**
     * The longest side may be at most this many times the shortest: a long receipt photographed whole is
     * about 1:10; the OCR's scaling brings narrow images to 1,000 px wide, so this also bounds the pixels it
     * makes.
     */
    public static final int MAX_ASPECT = 20;

    /**
     * Heap a decode slot stands for, per pixel allowed: 3 bytes for the decoded photo, as many again for the
     * copy an EXIF turn makes, a byte for the OCR's grey copy and one for buffers of the upload and the clean
     * JPEG. A 40-megapixel JPEG decoded and re-encoded was measured at about 135 MB of heap (bench/README.md).
     */
    public static final long HEAP_BYTES_PER_PIXEL = 8;

    /** Heap kept for everything else the application does (measured idle use is about 100 MB). */
    public static final long BASE_HEAP_BYTES = 192L * 1024 * 1024;

    /** What a client refused for want of a slot is told to wait. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    /**
     * Markup and script a browser or interpreter would run if the file were ever served as something
     * else. Not {@code <?xml}: phones put XMP packets into JPEGs.
     */
    private static final byte[][] SCRIPT_MARKERS = {ascii("<?php"), ascii("<script"), ascii("<html"), ascii("<svg")};

    private final long maxBytes;
    private final long maxPixels;
    private final Slots slots;

    public PhotoIntake(long maxBytes, long maxPixels, Slots slots) {
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
        this.slots = slots;
    }

    /** The default limits, one decode slot per core, waiting as long as it takes (the command line). */
    public static PhotoIntake withDefaults() {
        return new PhotoIntake(
                DEFAULT_MAX_BYTES,
                DEFAULT_MAX_PIXELS,
                new Slots(Runtime.getRuntime().availableProcessors(), Duration.ofDays(1), RETRY_AFTER));
    }

    /**
     * How many photos of up to {@code maxPixels} this heap can decode at once beside the rest of the
     * application: ({@code maxHeap} − {@link #BASE_HEAP_BYTES}) / ({@link #HEAP_BYTES_PER_PIXEL} ×
     * {@code maxPixels}), at least 1 and at most the number of cores. 1 for a 512 MB heap; 2 for 1 GB.
     */
    public static int defaultSlots(long maxHeap, long maxPixels, int cores) {
        long perSlot = HEAP_BYTES_PER_PIXEL * Math.max(1, maxPixels);
        long fit = (maxHeap - BASE_HEAP_BYTES) / perSlot;
        return (int) Math.max(1, Math.min(Math.max(1, cores), fit));
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The slots decoding takes; background work that decodes stored photos takes them too. */
    public Slots slots() {
        return slots;
    }

    /** Format and size of an image as its header states them. */
    public record Header(String format, int width, int height) {}

    /**
     * Receives an upload: checks its size, format and shape from the first bytes (no slot, nothing decoded),
     * then takes a decode slot, reads and checks the whole photo and hands it to {@code use} while the slot
     * is held, so the decoded pixels are counted against the slot until {@code use} returns.
     *
     * @throws PhotoRejectedException when it is not an acceptable photo
     * @throws jp.tokuten.shared.ProblemException 503 {@code busy} when no decode slot came free in time
     */
    public <T> T receive(InputStreamSource upload, long size, Function<Photo, T> use) throws IOException {
        try (InputStream in = upload.getInputStream()) {
            inspect(in, size);
        }
        try (Slots.Slot slot = slots.take()) {
            byte[] bytes;
            try (InputStream in = upload.getInputStream()) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            }
            return use.apply(check(bytes));
        }
    }

    /**
     * Checks size, format and shape from the start of the file only: the header, never the pixels.
     *
     * @param size the size the upload declares; the bytes read are checked against the limit too
     * @throws PhotoRejectedException when the header alone shows it is not an acceptable photo
     */
    public Header inspect(InputStream upload, long size) throws IOException {
        if (size == 0) {
            throw empty();
        }
        if (size > maxBytes) {
            throw tooLarge();
        }
        BufferedInputStream in = new BufferedInputStream(upload, 64 * 1024);
        in.mark(64);
        byte[] start = in.readNBytes(16);
        in.reset();
        if (start.length == 0) {
            throw empty();
        }
        String format = format(start);
        if (format == null) {
            throw notAPhoto();
        }
        Header header = switch (format) {
            case "heic" -> heicHeader(in);
            case "jpeg" -> jpegHeader(in);
            default -> header(in, format);
        };
        checkShape(header.width(), header.height());
        return header;
    }

    private Header header(InputStream in, String format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw unsupported();
        }
        ImageReader reader = readers.next();
        try (ImageInputStream stream = new MemoryCacheImageInputStream(in)) {
            reader.setInput(stream, true, true);
            return new Header(format, reader.getWidth(0), reader.getHeight(0));
        } catch (IOException | RuntimeException e) {
            throw broken();
        } finally {
            reader.dispose();
        }
    }

    /**
     * A JPEG's size from its frame header (SOFn), walking the segments before it without decoding: also
     * sizes the JPEG decoder itself refuses to read (over 65,500 px) are told as they are.
     */
    private static Header jpegHeader(InputStream in) throws IOException {
        var data = new java.io.DataInputStream(in);
        try {
            data.readUnsignedShort(); // SOI, checked by format()
            while (true) {
                int b = data.readUnsignedByte();
                if (b != 0xFF) {
                    throw broken();
                }
                int marker = data.readUnsignedByte();
                while (marker == 0xFF) {
                    marker = data.readUnsignedByte();
                }
                if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                    continue;
                }
                if (marker == 0xD9 || marker == 0xDA) {
                    throw broken(); // image data or its end before any frame header
                }
                int length = data.readUnsignedShort();
                if (length < 2) {
                    throw broken();
                }
                boolean frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
                if (frame) {
                    data.readUnsignedByte(); // sample precision
                    int height = data.readUnsignedShort();
                    int width = data.readUnsignedShort();
                    return new Header("jpeg", width, height);
                }
                data.skipNBytes(length - 2);
            }
        } catch (java.io.EOFException e) {
            throw broken();
        }
    }

    /**
     * HEIC states its size in {@code ispe} properties (one per image item: the primary image, its tiles and
     * thumbnail); the largest is the photo.
     */
    private static Header heicHeader(InputStream in) throws IOException {
        byte[] head = in.readNBytes(256 * 1024);
        long best = 0;
        int width = 0;
        int height = 0;
        for (int i = 0; i + 16 <= head.length; i++) {
            if (head[i] == 'i' && head[i + 1] == 's' && head[i + 2] == 'p' && head[i + 3] == 'e') {
                long w = u32(head, i + 8);
                long h = u32(head, i + 12);
                if (w * h > best) {
                    best = w * h;
                    width = (int) Math.min(Integer.MAX_VALUE, w);
                    height = (int) Math.min(Integer.MAX_VALUE, h);
                }
            }
        }
        if (best == 0) {
            throw broken();
        }
        return new Header("heic", width, height);
    }

    private static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xff) << 24)
                | ((b[at + 1] & 0xff) << 16)
                | ((b[at + 2] & 0xff) << 8)
                | (b[at + 3] & 0xff);
    }

    /** Refuses sizes the encoder, the OCR's scaling or the heap cannot take. */
    private void checkShape(int width, int height) {
        if (width < 1 || height < 1) {
            throw broken();
        }
        long longSide = Math.max(width, height);
        long shortSide = Math.min(width, height);
        if (longSide > MAX_SIDE || longSide > shortSide * MAX_ASPECT) {
            throw new PhotoRejectedException(
                    PhotoRejectedException.Reason.ODD_SHAPE,
                    "The image is " + width + " x " + height + " px: each side may be at most " + MAX_SIDE
                            + " px and the longer side at most " + MAX_ASPECT + " times the shorter",
                    width,
                    height,
                    MAX_SIDE,
                    MAX_ASPECT);
        }
        if ((long) width * height > maxPixels) {
            throw tooManyPixels();
        }
    }

    /**
     * How much of the start of an upload the header must lie in (phones put EXIF and thumbnails first, at
     * most 64 KB a segment). Below half a G1 region (1 MB on heaps up to 2 GB), so the buffer is no
     * humongous allocation.
     */
    static final int HEAD_BYTES = 384 * 1024;

    /** What the request-time screening found: the header, the byte count and the SHA-256 (hex) of the bytes. */
    public record Screened(Header header, long size, String sha256) {}

    /**
     * The request-time check of an upload, without decoding a pixel (issue 10): size, magic bytes, format
     * and shape from the header, and, in the same single pass that copies the bytes to {@code sink} and
     * hashes them, the polyglot scan (script or markup markers anywhere) and the end of the file (a JPEG
     * ends at its EOI, a PNG at IEND; anything after them is refused). Memory stays at one buffer whatever
     * the size: the header must lie in the first 384 KB. A well-headed file whose pixels cannot be
     * decoded passes; the background job finds that out.
     *
     * @param size the size the upload declares; the bytes read are checked against the limit too
     * @throws PhotoRejectedException when it is not an acceptable photo; what was written to {@code sink}
     *     must then be thrown away
     */
    public Screened screen(InputStream upload, long size, java.io.OutputStream sink) throws IOException {
        if (size == 0) {
            throw empty();
        }
        if (size > maxBytes) {
            throw tooLarge();
        }
        inFlight.incrementAndGet();
        try {
            byte[] head = upload.readNBytes((int) Math.min(HEAD_BYTES, maxBytes + 1));
            if (head.length == 0) {
                throw empty();
            }
            Header header = inspect(new ByteArrayInputStream(head), head.length);
            Scan scan = new Scan(header.format());
            scan.accept(head, head.length);
            sink.write(head);
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = upload.read(buffer)) > 0) {
                scan.accept(buffer, n);
                if (scan.count > maxBytes) {
                    throw tooLarge();
                }
                sink.write(buffer, 0, n);
            }
            if (scan.count > maxBytes) {
                throw tooLarge();
            }
            scan.finish();
            return new Screened(header, scan.count, java.util.HexFormat.of().formatHex(scan.digest.digest()));
        } finally {
            inFlight.decrementAndGet();
            lastScreened = System.nanoTime();
        }
    }

    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private volatile long lastScreened = System.nanoTime() - Duration.ofHours(1).toNanos();

    /**
     * Whether uploads are coming in: one is being screened now, or the last one finished less than
     * {@code quiet} ago. Background readers back off while it is true, so that a burst of entries is taken
     * at full speed and its backlog read afterwards.
     */
    public boolean busy(Duration quiet) {
        return inFlight.get() > 0 || System.nanoTime() - lastScreened < quiet.toNanos();
    }

    /**
     * The single pass over an upload's bytes: hash, count, script markers, how it ends. One tight loop
     * looks for the two bytes that matter ({@code <} starting a marker, {@code D9} ending a JPEG EOI); the
     * end is read backwards from the end of each chunk, so zero padding after the EOI costs nothing.
     */
    private final class Scan {
        private final boolean jpeg;
        private final boolean png;
        private final java.security.MessageDigest digest;
        long count;
        // the last bytes of the previous chunk, so that a marker split between two chunks is found
        private final byte[] carry = new byte[8];
        private int carried;
        private byte previous;
        private boolean eoiSeen;
        // the last non-zero byte so far and the byte just before it (a JPEG may be padded with zeros after EOI)
        private byte lastNonZero;
        private byte beforeLastNonZero;
        private long lastNonZeroAt = -1;
        private final byte[] tail = new byte[8];

        Scan(String format) {
            this.jpeg = format.equals("jpeg");
            this.png = format.equals("png");
            try {
                this.digest = java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void accept(byte[] b, int n) {
            if (n <= 0) {
                return;
            }
            digest.update(b, 0, n);
            if (carried > 0 && containsScript(joined(b, n))) {
                throw polyglot();
            }
            // a Latin-1 string of the chunk: its searches are the JVM's vectorised ones
            String text = new String(b, 0, n, StandardCharsets.ISO_8859_1);
            for (int i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
                if (markerAt(b, i, n)) {
                    throw polyglot();
                }
            }
            if (jpeg && !eoiSeen) {
                int eoi = text.indexOf(EOI);
                eoiSeen = (eoi >= 0 && count + eoi >= 2)
                        || (previous == (byte) 0xFF && b[0] == (byte) 0xD9 && count >= 3);
            }
            int j = n - 1;
            while (j >= 0 && b[j] == 0) {
                j--;
            }
            if (j >= 0) {
                lastNonZero = b[j];
                beforeLastNonZero = j > 0 ? b[j - 1] : previous;
                lastNonZeroAt = count + j;
            }
            previous = b[n - 1];
            // keep the last bytes: the next chunk's marker scan and the PNG's IEND
            if (n >= tail.length) {
                System.arraycopy(b, n - tail.length, tail, 0, tail.length);
            } else {
                System.arraycopy(tail, n, tail, 0, tail.length - n);
                System.arraycopy(b, 0, tail, tail.length - n, n);
            }
            int keep = (int) Math.min(carry.length - 1, count + n);
            System.arraycopy(tail, tail.length - keep, carry, 0, keep);
            carried = keep;
            count += n;
        }

        /** The carried bytes and the first few of this chunk: where a split marker would be. */
        private byte[] joined(byte[] b, int n) {
            int more = Math.min(n, carry.length - 1);
            byte[] j = new byte[carried + more];
            System.arraycopy(carry, 0, j, 0, carried);
            System.arraycopy(b, 0, j, carried, more);
            return j;
        }

        void finish() {
            if (jpeg) {
                boolean endsAtEoi =
                        lastNonZero == (byte) 0xD9 && beforeLastNonZero == (byte) 0xFF && lastNonZeroAt >= 3;
                if (!endsAtEoi) {
                    throw eoiSeen ? polyglot() : broken();
                }
            } else if (png && (count < 12 || !ascii(tail, 0, 4).equals("iend"))) {
                throw polyglot();
            }
        }
    }

    private static final String EOI = "\u00ff\u00d9";

    /** Whether a script or markup marker starts at {@code i} (a {@code <}), in any letter case. */
    private static boolean markerAt(byte[] b, int i, int length) {
        for (byte[] marker : SCRIPT_MARKERS) {
            if (i + marker.length <= length) {
                boolean match = true;
                for (int k = 1; k < marker.length && match; k++) {
                    int x = b[i + k];
                    match = (x >= 'A' && x <= 'Z' ? x + 32 : x) == marker[k];
                }
                if (match) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The photo in {@code bytes}, upright and without metadata, or a {@link PhotoRejectedException} saying why not. */
    public Photo check(byte[] bytes) {
        if (bytes.length > maxBytes) {
            throw tooLarge();
        }
        String format;
        try {
            format = inspect(new ByteArrayInputStream(bytes), bytes.length).format();
        } catch (IOException e) {
            throw broken();
        }
        if (containsScript(bytes)) {
            throw polyglot();
        }
        // cheap checks of the whole file first: a cut-off or padded JPEG costs no decoding
        if (format.equals("jpeg") && !endsAtEoi(bytes)) {
            throw hasEoi(bytes) ? polyglot() : broken();
        }
        BufferedImage image = switch (format) {
            case "heic" -> decodeHeic(bytes);
            default -> decode(bytes, format);
        };
        if (format.equals("jpeg")) {
            image = ExifOrientation.apply(image, ExifOrientation.of(bytes));
        } else if (format.equals("png") && !endsAtIend(bytes)) {
            throw polyglot();
        }
        return new Photo(image, format);
    }

    /** A clean JPEG of the photo: pixels only, no EXIF, no comments, no colour profile. */
    public static byte[] reencode(Photo photo) {
        BufferedImage rgb = photo.image();
        if (rgb.getType() != BufferedImage.TYPE_INT_RGB && rgb.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            BufferedImage copy = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            var g = copy.createGraphics();
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            g.drawImage(rgb, 0, 0, null);
            g.dispose();
            rgb = copy;
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (var buffer = new ByteArrayOutputStream();
                var out = new MemoryCacheImageOutputStream(buffer)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(rgb, null, null), param);
            out.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("Could not encode a JPEG", e);
        } finally {
            writer.dispose();
        }
    }

    static String format(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return "jpeg";
        }
        if (b.length >= 8
                && (b[0] & 0xff) == 0x89
                && b[1] == 'P'
                && b[2] == 'N'
                && b[3] == 'G'
                && b[4] == 0x0D
                && b[5] == 0x0A
                && b[6] == 0x1A
                && b[7] == 0x0A) {
            return "png";
        }
        if (b.length >= 12 && ascii(b, 0, 4).equals("riff") && ascii(b, 8, 4).equals("webp")) {
            return "webp";
        }
        if (b.length >= 12 && ascii(b, 4, 4).equals("ftyp")) {
            String brand = ascii(b, 8, 4);
            if (brand.matches("heic|heix|heim|heis|hevc|hevx|mif1|msf1")) {
                return "heic";
            }
        }
        return null;
    }

    private BufferedImage decode(byte[] bytes, String format) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
            if (!readers.hasNext()) {
                throw unsupported();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                checkShape(reader.getWidth(0), reader.getHeight(0));
                BufferedImage image = reader.read(0);
                if (image == null) {
                    throw broken();
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (PhotoRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw broken();
        }
    }

    /**
     * HEIC has no Java decoder: Debian's {@code heif-convert} (libheif) turns it into PNG in a private
     * temporary directory, with the same pixel limit read first by {@code heif-info}'s sibling, the PNG
     * header.
     */
    private BufferedImage decodeHeic(byte[] bytes) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("tokuten-heic-");
            Path in = dir.resolve("in.heic");
            Path out = dir.resolve("out.png");
            Files.write(in, bytes);
            Process p;
            try {
                p = new ProcessBuilder("heif-convert", in.toString(), out.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
            } catch (IOException e) {
                throw unsupported();
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw broken();
            }
            if (p.exitValue() != 0 || !Files.exists(out)) {
                throw broken();
            }
            return decode(Files.readAllBytes(out), "png");
        } catch (IOException e) {
            throw broken();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw broken();
        } finally {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a temporary directory left behind is harmless
                }
            }
        }
    }

    private static boolean endsAtEoi(byte[] b) {
        int end = b.length;
        while (end > 2 && b[end - 1] == 0) {
            end--;
        }
        return end >= 4 && (b[end - 2] & 0xff) == 0xFF && (b[end - 1] & 0xff) == 0xD9;
    }

    private static boolean hasEoi(byte[] b) {
        for (int i = 2; i + 1 < b.length; i++) {
            if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsAtIend(byte[] b) {
        int n = b.length;
        return n >= 12 && ascii(b, n - 8, 4).equals("iend");
    }

    private static boolean containsScript(byte[] b) {
        return containsScript(b, b.length);
    }

    private static boolean containsScript(byte[] b, int length) {
        outer:
        for (int i = 0; i < length; i++) {
            if (b[i] != '<') {
                continue;
            }
            for (byte[] marker : SCRIPT_MARKERS) {
                if (i + marker.length <= length) {
                    boolean match = true;
                    for (int k = 0; k < marker.length && match; k++) {
                        match = Character.toLowerCase((char) (b[i + k] & 0xff)) == marker[k];
                    }
                    if (match) {
                        return true;
                    }
                }
            }
            continue outer;
        }
        return false;
    }

    private static String ascii(byte[] b, int from, int length) {
        return new String(b, from, length, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public PhotoRejectedException tooLarge() {
        long mb = maxBytes / (1024 * 1024);
        return new PhotoRejectedException(
                PhotoRejectedException.Reason.TOO_LARGE, "The file is too large: at most " + mb + " MB", mb);
    }

    private PhotoRejectedException tooManyPixels() {
        long millions = maxPixels / 1_000_000;
        return new PhotoRejectedException(
                PhotoRejectedException.Reason.TOO_MANY_PIXELS,
                "The image has too many pixels: at most " + millions + " million",
                millions);
    }

    private static PhotoRejectedException empty() {
        return new PhotoRejectedException(PhotoRejectedException.Reason.EMPTY, "The file is empty");
    }

    private static PhotoRejectedException notAPhoto() {
        return new PhotoRejectedException(
                PhotoRejectedException.Reason.NOT_A_PHOTO,
                "Not a photo: only JPEG, PNG, WebP and HEIC images are accepted");
    }

    private static PhotoRejectedException unsupported() {
        return new PhotoRejectedException(
                PhotoRejectedException.Reason.UNSUPPORTED, "This image format cannot be read on this server");
    }

    private static PhotoRejectedException broken() {
        return new PhotoRejectedException(PhotoRejectedException.Reason.DAMAGED, "The image is damaged or incomplete");
    }

    private static PhotoRejectedException polyglot() {
        return new PhotoRejectedException(
                PhotoRejectedException.Reason.POLYGLOT, "The file carries something besides the image and is refused");
    }
}
