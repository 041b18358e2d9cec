package jp.tokuten.shared;

import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/** UUIDs as 32 lower-case hex digits, for tokens and keys that name their tenant. */
public final class CompactIds {

    public static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");

    private CompactIds() {}

    public static String toHex(UUID id) {
        return id.toString().replace("-", "");
    }

    public static UUID fromHex(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (b[i] & 0xFF);
            lsb = (lsb << 8) | (b[i + 8] & 0xFF);
        }
        return new UUID(msb, lsb);
    }
}
