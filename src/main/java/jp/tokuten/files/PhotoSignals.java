package jp.tokuten.files;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Signs that a photo is not a plain camera photo of a paper receipt (issue 10, decision 091), as stable
 * codes:
 *
 * <ul>
 *   <li>{@value #EDITING_SOFTWARE}: the metadata of the file as sent names an image editor (EXIF
 *       {@code Software}, XMP {@code CreatorTool} or {@code softwareAgent}, PNG {@code Software} text);
 *   <li>{@value #SCREENSHOT}: a PNG or WebP (what phones save screenshots as; a camera gives JPEG or
 *       HEIC) with no camera metadata (EXIF {@code Make} or {@code Model}) and either a PNG of a
 *       common phone or desktop screen size, or pixels a quarter of which are perfectly flat tiles of one
 *       and the same colour (a UI background; a camera's noise and lighting never give that; clipped white
 *       and black are not counted);
 *   <li>{@value #SCREEN_PHOTO}: the pixels show the moiré of a photographed screen ({@link ScreenMoire},
 *       decision 101), whatever the file's format and metadata.
 * </ul>
 *
 * Only the metadata segments of the file are parsed (JPEG APP1, PNG text chunks and {@code eXIf}, WebP
 * {@code EXIF}/{@code XMP}); HEIC metadata is not read. Cheap: at most 48 × 48 tiles of the pixels are looked at,
 * and five windows of 256 × 256 transformed.
 */
public final class PhotoSignals {

    public static final String EDITING_SOFTWARE = "editing_software";
    public static final String SCREENSHOT = "screenshot";
    public static final String SCREEN_PHOTO = "screen_photo";

    /** Every code {@link #of} may give. */
    public static final Set<String> CODES = Set.of(EDITING_SOFTWARE, SCREENSHOT, SCREEN_PHOTO);

    /** Names (lower case) found in the software metadata of images saved by editors. */
    static final List<String> EDITORS = List.of(
            "photoshop",
            "gimp",
            "lightroom",
            "snapseed",
            "picsart",
            "canva",
            "meitu",
            "pixelmator",
            "affinity",
            "paint.net",
            "photopea",
            "krita",
            "photoscape",
            "fotor",
            "facetune",
            "polarr",
            "luminar");

    /** Screen sizes in pixels (either way round) that PNG screenshots of phones, tablets and desktops have. */
    static final Set<String> SCREEN_SIZES = Set.of(
            // iPhone
            "640x1136",
            "750x1334",
            "828x1792",
            "1080x1920",
            "1125x2436",
            "1170x2532",
            "1179x2556",
            "1242x2208",
            "1242x2688",
            "1284x2778",
            "1290x2796",
            "1206x2622",
            "1320x2868",
            "1080x2340",
            // Android
            "720x1280",
            "720x1520",
            "720x1600",
            "1080x2160",
            "1080x2280",
            "1080x2400",
            "1080x2408",
            "1080x2412",
            "1080x2520",
            "1440x2560",
            "1440x2960",
            "1440x3040",
            "1440x3088",
            "1440x3120",
            "1440x3200",
            "1344x2992",
            "1260x2800",
            "1280x2856",
            // tablets
            "1536x2048",
            "1620x2160",
            "1640x2360",
            "1668x2224",
            "1668x2388",
            "2048x2732",
            "1200x1920",
            "1600x2560",
            // desktops
            "1280x720",
            "1280x800",
            "1366x768",
            "1440x900",
            "1536x864",
            "1600x900",
            "1680x1050",
            "1920x1080",
            "1920x1200",
            "2560x1440",
            "2560x1600",
            "2880x1800",
            "3024x1964",
            "3456x2234",
            "3840x2160");

    /** Share of flat tiles from which the pixels look like a screen's user interface. */
    static final double FLAT_SHARE = 0.25;

    private static final int TILE = 16;
    private static final int TILES_PER_SIDE = 48;

    private PhotoSignals() {}

    /**
     * The signals of a photo.
     *
     * @param original the file as sent, for its metadata, or null when only a clean copy is left (then no signal)
     * @param image the decoded upright photo
     */
    public static List<String> of(byte @Nullable [] original, BufferedImage image) {
        Metadata meta = original == null ? new Metadata(List.of(), false) : metadata(original);
        List<String> signals = new ArrayList<>();
        if (meta.software().stream().anyMatch(PhotoSignals::editor)) {
            signals.add(EDITING_SOFTWARE);
        }
        String format = original == null ? null : PhotoIntake.format(original);
        boolean lossless = "png".equals(format) || "webp".equals(format);
        if (!meta.camera() && lossless) {
            boolean png = "png".equals(format);
            if ((png && screenSize(image.getWidth(), image.getHeight())) || flatShare(image) >= FLAT_SHARE) {
                signals.add(SCREENSHOT);
            }
        }
        if (ScreenMoire.looksLikeAScreen(image)) {
            signals.add(SCREEN_PHOTO);
        }
        return List.copyOf(signals);
    }

    static boolean editor(String software) {
        String s = software.toLowerCase(Locale.ROOT);
        return EDITORS.stream().anyMatch(s::contains);
    }

    static boolean screenSize(int width, int height) {
        return SCREEN_SIZES.contains(width + "x" + height) || SCREEN_SIZES.contains(height + "x" + width);
    }

    /**
     * The share of 16 × 16 tiles, on an even grid of at most 48 × 48, whose pixels all have one and the
     * same colour, the most common such colour that is neither clipped white nor clipped black.
     */
    static double flatShare(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (w < TILE || h < TILE) {
            return 0;
        }
        int across = Math.min(TILES_PER_SIDE, w / TILE);
        int down = Math.min(TILES_PER_SIDE, h / TILE);
        java.util.Map<Integer, Integer> flat = new java.util.HashMap<>();
        int[] tile = new int[TILE * TILE];
        for (int ty = 0; ty < down; ty++) {
            int y0 = down == 1 ? 0 : (int) ((long) ty * (h - TILE) / (down - 1));
            for (int tx = 0; tx < across; tx++) {
                int x0 = across == 1 ? 0 : (int) ((long) tx * (w - TILE) / (across - 1));
                int colour = flatTile(image, x0, y0, tile);
                if (colour >= 0) {
                    flat.merge(colour, 1, Integer::sum);
                }
            }
        }
        int most = flat.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return (double) most / (across * down);
    }

    /** The one colour of the tile, or -1 when it has more than one or is clipped white or black. */
    private static int flatTile(BufferedImage image, int x0, int y0, int[] tile) {
        image.getRGB(x0, y0, TILE, TILE, tile, 0, TILE);
        int first = tile[0] & 0xffffff;
        int r = (first >> 16) & 0xff;
        int g = (first >> 8) & 0xff;
        int b = first & 0xff;
        if (Math.min(r, Math.min(g, b)) >= 250 || Math.max(r, Math.max(g, b)) <= 5) {
            return -1;
        }
        for (int p : tile) {
            if ((p & 0xffffff) != first) {
                return -1;
            }
        }
        return first;
    }

    /** What the metadata says: software names, and whether a camera maker or model is named. */
    record Metadata(List<String> software, boolean camera) {}

    static Metadata metadata(byte[] b) {
        List<String> software = new ArrayList<>();
        boolean[] camera = {false};
        String format = PhotoIntake.format(b);
        if ("jpeg".equals(format)) {
            int i = 2;
            while (i + 4 <= b.length && (b[i] & 0xff) == 0xFF) {
                int marker = b[i + 1] & 0xff;
                if (marker == 0xFF) {
                    i++; // fill byte
                    continue;
                }
                int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
                if (marker == 0xDA || marker == 0xD9 || length < 2 || i + 2 + length > b.length) {
                    break;
                }
                int start = i + 4;
                int end = i + 2 + length;
                if (marker == 0xE1) {
                    if (startsWith(b, start, "Exif\0")) {
                        tiff(b, start + 6, end, software, camera);
                    } else if (startsWith(b, start, "http://ns.adobe.com/xap/1.0/\0")) {
                        xmp(new String(b, start, end - start, StandardCharsets.UTF_8), software);
                    }
                }
                i = end;
            }
        } else if ("png".equals(format)) {
            int i = 8;
            while (i + 12 <= b.length) {
                long length = ExifOrientation.u32(b, i, false);
                String type = new String(b, i + 4, 4, StandardCharsets.ISO_8859_1);
                if (length < 0 || i + 12 + length > b.length || type.equals("IDAT") || type.equals("IEND")) {
                    break;
                }
                int start = i + 8;
                int end = (int) (start + length);
                switch (type) {
                    case "tEXt", "iTXt" -> pngText(b, start, end, software);
                    case "eXIf" -> tiff(b, start, end, software, camera);
                    default -> {}
                }
                i = end + 4;
            }
        } else if ("webp".equals(format)) {
            int i = 12;
            while (i + 8 <= b.length) {
                String type = new String(b, i, 4, StandardCharsets.ISO_8859_1);
                long length = ExifOrientation.u32(b, i + 4, true);
                if (i + 8 + length > b.length) {
                    break;
                }
                int start = i + 8;
                int end = (int) (start + length);
                if (type.equals("EXIF")) {
                    int tiff = startsWith(b, start, "Exif\0") ? start + 6 : start;
                    tiff(b, tiff, end, software, camera);
                } else if (type.equals("XMP ")) {
                    xmp(new String(b, start, end - start, StandardCharsets.UTF_8), software);
                }
                i = end + (int) (length & 1);
            }
        }
        return new Metadata(List.copyOf(software), camera[0]);
    }

    private static final Pattern XMP_SOFTWARE =
            Pattern.compile("(?:CreatorTool|softwareAgent)\\s*(?:=\\s*[\"']([^\"']*)[\"']|>([^<]*)<)");

    private static void xmp(String packet, List<String> software) {
        Matcher m = XMP_SOFTWARE.matcher(packet);
        while (m.find()) {
            software.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
    }

    /** A PNG text chunk: keyword, NUL, then text ({@code iTXt} has flags and tags first). */
    private static void pngText(byte[] b, int start, int end, List<String> software) {
        int nul = start;
        while (nul < end && b[nul] != 0) {
            nul++;
        }
        if (nul >= end) {
            return;
        }
        String keyword = new String(b, start, nul - start, StandardCharsets.ISO_8859_1);
        String text = new String(b, nul + 1, end - nul - 1, StandardCharsets.UTF_8);
        if (keyword.equalsIgnoreCase("Software")) {
            software.add(text);
        } else if (keyword.equals("XML:com.adobe.xmp")) {
            xmp(text, software);
        }
    }

    /** IFD0 of a TIFF block: Software (0x0131) into {@code software}; Make (0x010F) or Model (0x0110) set camera. */
    private static void tiff(byte[] b, int tiff, int end, List<String> software, boolean[] camera) {
        if (tiff + 8 > end || !(b[tiff] == 'I' || b[tiff] == 'M')) {
            return;
        }
        boolean little = b[tiff] == 'I';
        long ifd = ExifOrientation.u32(b, tiff + 4, little);
        if (ifd < 8 || tiff + ifd + 2 > end) {
            return;
        }
        int at = (int) (tiff + ifd);
        int entries = ExifOrientation.u16(b, at, little);
        for (int n = 0; n < entries; n++) {
            int e = at + 2 + n * 12;
            if (e + 12 > end) {
                return;
            }
            int tag = ExifOrientation.u16(b, e, little);
            int type = ExifOrientation.u16(b, e + 2, little);
            long count = ExifOrientation.u32(b, e + 4, little);
            if (type != 2 || count == 0 || count > 1024) {
                continue; // only ASCII values are looked at
            }
            long offset = count <= 4 ? e + 8 - tiff : ExifOrientation.u32(b, e + 8, little);
            if (offset < 0 || tiff + offset + count > end) {
                continue;
            }
            String value = new String(b, (int) (tiff + offset), (int) count, StandardCharsets.ISO_8859_1)
                    .replace("\0", "")
                    .strip();
            if (tag == 0x0131) {
                software.add(value);
            } else if ((tag == 0x010F || tag == 0x0110) && !value.isEmpty()) {
                camera[0] = true;
            }
        }
    }

    private static boolean startsWith(byte[] b, int at, String ascii) {
        if (at + ascii.length() > b.length) {
            return false;
        }
        for (int k = 0; k < ascii.length(); k++) {
            if (b[at + k] != ascii.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
