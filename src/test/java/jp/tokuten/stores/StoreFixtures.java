package jp.tokuten.stores;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/** Stores, CSV files and QR codes for tests. */
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

    /** The text a PNG QR code carries, read by ZXing's own reader. */
    public static String decodeQr(byte[] png) throws Exception {
        var image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        var source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
        return new QRCodeReader()
                .decode(new BinaryBitmap(new HybridBinarizer(source)))
                .getText();
    }
}
