package jp.tokuten.stores;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Stores and CSV files for tests. */
public final class StoreFixtures {

    public static final Charset CP932 = Charset.forName("windows-31j");

    private StoreFixtures() {}

    public static StoreDraft aStore(String chain, String branch) {
        return new StoreDraft(null, chain, branch, "東京都", null, null);
    }

    public static StoreDraft aStore(String chain, String branch, String phone, String registrationNumber) {
        return new StoreDraft(null, chain, branch, "東京都", phone, registrationNumber);
    }

    /** A CSV text as UTF-8 with a byte-order mark. */
    public static byte[] utf8WithBom(String csv) {
        byte[] text = csv.getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[text.length + 3];
        file[0] = (byte) 0xef;
        file[1] = (byte) 0xbb;
        file[2] = (byte) 0xbf;
        System.arraycopy(text, 0, file, 3, text.length);
        return file;
    }
}
