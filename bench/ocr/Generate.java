import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageOutputStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders Japanese receipts from text with Debian's Japanese fonts (IPAGothic, Noto CJK) and degrades
 * them like phone photos: background, rotation, perspective, shadow, thermal fade, blur, JPEG. Writes
 * IMAGE.jpg and IMAGE.json (exact ground truth, the JOMB field names plus phone) per receipt.
 *
 * usage: Generate.java OUT_DIR COUNT [SEED [CLEAN_DIR]]
 *
 * <p>With CLEAN_DIR, the same receipts are also written there flat and undegraded (IMAGE.png and the same
 * IMAGE.json), the "clean images of the same receipts" the phone-like photos are compared with.
 */
public class Generate {

    record Item(String name, int quantity, int unitPrice, int amount, int discount, boolean reduced) {}

    static final String[][] STORES = {
        {"さくらマート", "大手町店"}, {"ファミリーストア", "梅田駅前店"}, {"ドラッグひかり", "天神店"}, {"青空ベーカリー", "栄店"},
        {"まるとくスーパー", "仙台中央店"}, {"コーヒーの森", "三宮店"}, {"ほくと薬局", "札幌北口店"}, {"ゆうやけ食堂", "那覇国際通り店"}
    };
    static final String[][] FOOD = {
        {"おにぎり ツナマヨ", "130"}, {"緑茶 500ml", "118"}, {"ｶｯﾌﾟﾇｰﾄﾞﾙ", "198"}, {"牛乳 1L", "228"}, {"食パン 6枚", "178"},
        {"ﾖｰｸﾞﾙﾄ ﾌﾟﾚｰﾝ", "158"}, {"からあげ弁当", "498"}, {"バナナ", "198"}, {"ｺｰﾗ 500ML", "160"}, {"サラダチキン", "248"},
        {"チョコレート", "120"}, {"卵 10個入", "268"}, {"納豆 3P", "98"}, {"ﾎﾟﾃﾄﾁｯﾌﾟｽ", "148"}, {"鮭おにぎり", "150"}
    };
    static final String[][] GOODS = {
        {"ティッシュ 5箱", "398"}, {"レジ袋 L", "5"}, {"単3電池 4本", "528"}, {"ハンドソープ", "298"}, {"ﾎﾞｰﾙﾍﾟﾝ 黒", "110"},
        {"歯ブラシ", "198"}, {"洗濯洗剤 詰替", "348"}, {"マスク 30枚", "598"}
    };
    static final String[] PAYMENTS = {"現金", "クレジット", "PayPay"};

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        Files.createDirectories(out);
        Path clean = args.length > 3 ? Path.of(args[3]) : null;
        if (clean != null) Files.createDirectories(clean);
        Random random = new Random(seed);
        for (int n = 1; n <= count; n++) {
            String id = String.format("gen_%03d", n);
            render(out, clean, id, random, n);
        }
    }

    static void render(Path out, Path clean, String id, Random r, int n) throws Exception {
        String[] store = STORES[r.nextInt(STORES.length)];
        LocalDate date = LocalDate.of(2025 + r.nextInt(2), 1 + r.nextInt(12), 1 + r.nextInt(28));
        LocalTime time = LocalTime.of(8 + r.nextInt(14), r.nextInt(60), r.nextInt(60));
        String phone = String.format("0%d-%04d-%04d", 3 + r.nextInt(6), r.nextInt(10000), r.nextInt(10000));
        String registration = r.nextInt(3) == 0 ? null : "T" + String.format("%013d", Math.abs(r.nextLong()) % 10_000_000_000_000L);
        boolean external = r.nextInt(4) == 0;
        List<Item> items = new ArrayList<>();
        int count = 2 + r.nextInt(n % 5 == 0 ? 22 : 9);
        for (int i = 0; i < count; i++) {
            boolean food = r.nextInt(3) > 0;
            String[] p = food ? FOOD[r.nextInt(FOOD.length)] : GOODS[r.nextInt(GOODS.length)];
            int q = r.nextInt(4) == 0 ? 2 + r.nextInt(3) : 1;
            int unit = Integer.parseInt(p[1]);
            int discount = r.nextInt(8) == 0 ? 10 * (1 + r.nextInt(5)) : 0;
            items.add(new Item(p[0], q, unit, unit * q, discount, food));
        }
        int subtotal = items.stream().mapToInt(i -> i.amount() - i.discount()).sum();
        int base8 = items.stream().filter(Item::reduced).mapToInt(i -> i.amount() - i.discount()).sum();
        int base10 = subtotal - base8;
        int tax8 = external ? base8 * 8 / 100 : base8 * 8 / 108;
        int tax10 = external ? base10 * 10 / 100 : base10 * 10 / 110;
        int total = external ? subtotal + tax8 + tax10 : subtotal;
        String payment = PAYMENTS[r.nextInt(PAYMENTS.length)];
        int tendered = payment.equals("現金") ? ((total / 1000) + 1) * 1000 : total;

        // -- the text of the receipt, as a thermal printer sets it (32 columns of 12x24 dots) --
        List<Object[]> lines = new ArrayList<>(); // {text, size multiplier, bold, align}
        lines.add(new Object[] {store[0], 2, true, "center"});
        lines.add(new Object[] {store[1], 1, false, "center"});
        lines.add(new Object[] {"TEL " + phone, 1, false, "center"});
        if (registration != null && n % 2 == 0) lines.add(new Object[] {"登録番号 " + registration, 1, false, "center"});
        lines.add(new Object[] {"", 1, false, "left"});
        lines.add(new Object[] {"領収書", 1, true, "center"});
        lines.add(new Object[] {dateText(date, time, n), 1, false, "left"});
        lines.add(new Object[] {"レシートNo." + String.format("%04d-%03d", r.nextInt(10000), r.nextInt(1000)), 1, false, "left"});
        lines.add(new Object[] {"--------------------------------", 1, false, "left"});
        for (Item i : items) {
            String mark = i.reduced() ? "※" : "  ";
            lines.add(new Object[] {row(mark + i.name(), yen(i.amount())), 1, false, "left"});
            if (i.quantity() > 1) lines.add(new Object[] {row("   " + i.quantity() + "コ X @" + i.unitPrice(), ""), 1, false, "left"});
            if (i.discount() > 0) lines.add(new Object[] {row("   値引", "-" + i.discount()), 1, false, "left"});
        }
        lines.add(new Object[] {"--------------------------------", 1, false, "left"});
        lines.add(new Object[] {row("小計", yen(subtotal)), 1, false, "left"});
        if (external) {
            lines.add(new Object[] {row("外税 8%対象", yen(base8)), 1, false, "left"});
            lines.add(new Object[] {row("外税 8%", yen(tax8)), 1, false, "left"});
            lines.add(new Object[] {row("外税10%対象", yen(base10)), 1, false, "left"});
            lines.add(new Object[] {row("外税10%", yen(tax10)), 1, false, "left"});
        } else {
            lines.add(new Object[] {row("(8%対象", yen(base8) + ")"), 1, false, "left"});
            lines.add(new Object[] {row("(内消費税等", yen(tax8) + ")"), 1, false, "left"});
            lines.add(new Object[] {row("(10%対象", yen(base10) + ")"), 1, false, "left"});
            lines.add(new Object[] {row("(内消費税等", yen(tax10) + ")"), 1, false, "left"});
        }
        lines.add(new Object[] {rowWide("合計", yen(total)), 2, true, "left"});
        if (payment.equals("現金")) {
            lines.add(new Object[] {row("お預り", yen(tendered)), 1, false, "left"});
            lines.add(new Object[] {row("お釣り", yen(tendered - total)), 1, false, "left"});
        } else {
            lines.add(new Object[] {row(payment.equals("PayPay") ? "PayPay支払" : "クレジット", yen(total)), 1, false, "left"});
        }
        lines.add(new Object[] {"※印は軽減税率(8%)対象商品", 1, false, "left"});
        if (registration != null && n % 2 == 1) lines.add(new Object[] {"登録番号 " + registration, 1, false, "left"});
        lines.add(new Object[] {"またのご来店をお待ちしております", 1, false, "center"});

        BufferedImage paper = paper(lines, n);
        BufferedImage photo = degrade(paper, r, n);
        Path image = out.resolve(id + ".jpg");
        writeJpeg(photo, image.toFile(), n % 4 == 3 ? 0.45f : 0.85f);

        Map<String, Object> truth = new LinkedHashMap<>();
        truth.put("document_id", id);
        truth.put("store_name", store[0]);
        truth.put("store_branch_name", store[1]);
        truth.put("phone", phone);
        truth.put("date", date.toString());
        truth.put("time", time.toString().length() == 5 ? time + ":00" : time.toString());
        List<Map<String, Object>> ti = new ArrayList<>();
        for (Item i : items) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", i.name());
            m.put("quantity", i.quantity());
            m.put("unit_price", i.unitPrice());
            m.put("amount", i.amount());
            m.put("discount", i.discount());
            m.put("tax_rate", i.reduced() ? 8 : 10);
            ti.add(m);
        }
        truth.put("items", ti);
        truth.put("subtotal", subtotal);
        truth.put("total", total);
        truth.put("payment_method", payment);
        truth.put("invoice_registration_number", registration);
        truth.put("degradation", degradationName(n));
        String json = JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(truth);
        Files.writeString(out.resolve(id + ".json"), json);
        if (clean != null) {
            ImageIO.write(paper, "png", clean.resolve(id + ".png").toFile());
            Files.writeString(clean.resolve(id + ".json"), json);
        }
    }

    static String dateText(LocalDate d, LocalTime t, int n) {
        String hm = String.format("%02d:%02d", t.getHour(), t.getMinute());
        String hms = hm + String.format(":%02d", t.getSecond());
        return switch (n % 5) {
            case 0 -> String.format("%d年%d月%d日(%s) %s", d.getYear(), d.getMonthValue(), d.getDayOfMonth(), "月火水木金土日".charAt(d.getDayOfWeek().getValue() - 1), hms);
            case 1 -> String.format("%d/%02d/%02d %s", d.getYear(), d.getMonthValue(), d.getDayOfMonth(), hms);
            case 2 -> String.format("令和%d年%d月%d日 %s", d.getYear() - 2018, d.getMonthValue(), d.getDayOfMonth(), hms);
            case 3 -> String.format("%02d/%02d/%02d %s", d.getYear() % 100, d.getMonthValue(), d.getDayOfMonth(), hms);
            default -> toFullWidth(String.format("%d年%02d月%02d日 %s", d.getYear(), d.getMonthValue(), d.getDayOfMonth(), hms));
        };
    }

    static String toFullWidth(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) b.append(c >= '0' && c <= '9' ? (char) (c - '0' + '０') : c == ':' ? '：' : c);
        return b.toString();
    }

    static String yen(int v) {
        return "¥" + String.format(Locale.ROOT, "%,d", v);
    }

    /** Pads to 32 half-width columns (a Japanese character takes two). */
    static String row(String left, String right) {
        int w = width(left) + width(right);
        return left + " ".repeat(Math.max(1, 32 - w)) + right;
    }

    static String rowWide(String left, String right) {
        int w = width(left) + width(right);
        return left + " ".repeat(Math.max(1, 16 - w)) + right;
    }

    static int width(String s) {
        int w = 0;
        for (char c : s.toCharArray()) w += (c < 0x100 || (c >= 0xFF61 && c <= 0xFF9F)) ? 1 : 2;
        return w;
    }

    static BufferedImage paper(List<Object[]> lines, int n) {
        int scale = 2; // 576-dot line rendered at 2x
        int width = 576 * scale;
        int lineHeight = 30 * scale;
        int height = 40 * scale + lines.stream().mapToInt(l -> (Integer) l[1] * lineHeight).sum() + 40 * scale;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(25, 25, 25));
        String body = "IPAGothic";
        // the store name as a logo: serif, sans or mincho type, and on every sixth receipt brush lettering
        String logo = n % 6 == 5
                ? "AoyagiKouzanFontT"
                : n % 3 == 0 ? "Noto Serif CJK JP" : n % 3 == 1 ? "Noto Sans CJK JP" : "IPAMincho";
        int y = 40 * scale;
        for (Object[] l : lines) {
            int mult = (Integer) l[1];
            boolean bold = (Boolean) l[2];
            boolean isLogo = l == lines.get(0);
            Font f = new Font(isLogo ? logo : body, bold ? Font.BOLD : Font.PLAIN, 24 * scale * mult);
            g.setFont(f);
            String text = (String) l[0];
            y += lineHeight * mult;
            int x = 16 * scale;
            if ("center".equals(l[3])) x = (width - g.getFontMetrics().stringWidth(text)) / 2;
            if (mult == 2 && !isLogo) {
                // double width and height (倍角): the monospaced columns stay aligned
                g.setFont(new Font(body, Font.BOLD, 24 * scale * 2));
            }
            g.drawString(text, x, y - 6 * scale);
        }
        g.dispose();
        return img;
    }

    static String degradationName(int n) {
        return switch (n % 6) {
            case 0 -> "flat scan";
            case 1 -> "photo: background, rotation 3°, shadow";
            case 2 -> "photo: perspective, blur";
            case 3 -> "thermal fade, JPEG q45";
            case 4 -> "photo: rotation -2°, shadow, blur, noise";
            default -> "photo: background, perspective, fade";
        };
    }

    static BufferedImage degrade(BufferedImage paper, Random r, int n) {
        int kind = n % 6;
        BufferedImage img = paper;
        if (kind == 3 || kind == 5) img = fade(img, 0.45 + r.nextDouble() * 0.2);
        if (kind == 0 || kind == 3) return scaleTo(img, 800);
        // place on a background like a phone photo on a table
        double angle = kind == 1 ? Math.toRadians(3) : kind == 4 ? Math.toRadians(-2) : Math.toRadians(r.nextDouble() * 2 - 1);
        int bw = (int) (img.getWidth() * 1.3);
        int bh = (int) (img.getHeight() * 1.12);
        BufferedImage photo = new BufferedImage(bw, bh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(new Color(90 + r.nextInt(40), 80 + r.nextInt(30), 70 + r.nextInt(30)));
        g.fillRect(0, 0, bw, bh);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        AffineTransform t = new AffineTransform();
        t.translate(bw / 2.0, bh / 2.0);
        t.rotate(angle);
        if (kind == 2 || kind == 5) t.shear(0.04, 0.0);
        t.translate(-img.getWidth() / 2.0, -img.getHeight() / 2.0);
        g.drawImage(img, t, null);
        g.dispose();
        if (kind == 2 || kind == 5) photo = perspective(photo, 0.08);
        if (kind == 1 || kind == 4) photo = shadow(photo);
        photo = scaleTo(photo, 1000 + r.nextInt(300));
        if (kind == 2 || kind == 4) photo = blur(photo);
        if (kind == 4) photo = noise(photo, r);
        return photo;
    }

    static BufferedImage fade(BufferedImage img, double strength) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            double band = 1.0 - 0.25 * Math.sin(y / 37.0); // uneven thermal fade
            for (int x = 0; x < img.getWidth(); x++) {
                int v = img.getRGB(x, y) & 0xff;
                int f = (int) (255 - (255 - v) * strength * band);
                f = Math.max(0, Math.min(255, f));
                out.setRGB(x, y, (f << 16) | (f << 8) | f);
            }
        }
        return out;
    }

    static BufferedImage perspective(BufferedImage img, double k) {
        int w = img.getWidth();
        int h = img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int bg = img.getRGB(0, 0);
        for (int y = 0; y < h; y++) {
            double s = 1.0 - k * (1.0 - (double) y / h); // top narrower than bottom
            for (int x = 0; x < w; x++) {
                double sx = (x - w / 2.0) / s + w / 2.0;
                int ix = (int) sx;
                out.setRGB(x, y, ix >= 0 && ix < w ? img.getRGB(ix, y) : bg);
            }
        }
        return out;
    }

    static BufferedImage shadow(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double d = (double) x / w + (double) y / h * 0.5;
                double f = d < 0.55 ? 0.55 + 0.45 * d / 0.55 : 1.0; // a hand's shadow over the top left
                int rgb = img.getRGB(x, y);
                int rr = (int) (((rgb >> 16) & 0xff) * f);
                int gg = (int) (((rgb >> 8) & 0xff) * f);
                int bb = (int) ((rgb & 0xff) * f);
                out.setRGB(x, y, (rr << 16) | (gg << 8) | bb);
            }
        }
        return out;
    }

    static BufferedImage blur(BufferedImage img) {
        float[] k = new float[25];
        java.util.Arrays.fill(k, 1f / 25);
        return new ConvolveOp(new Kernel(5, 5, k), ConvolveOp.EDGE_NO_OP, null).filter(img, null);
    }

    static BufferedImage noise(BufferedImage img, Random r) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int d = (int) (r.nextGaussian() * 12);
                int rr = Math.max(0, Math.min(255, ((rgb >> 16) & 0xff) + d));
                int gg = Math.max(0, Math.min(255, ((rgb >> 8) & 0xff) + d));
                int bb = Math.max(0, Math.min(255, (rgb & 0xff) + d));
                img.setRGB(x, y, (rr << 16) | (gg << 8) | bb);
            }
        }
        return img;
    }

    static BufferedImage scaleTo(BufferedImage img, int width) {
        int h = (int) Math.round(img.getHeight() * (double) width / img.getWidth());
        BufferedImage out = new BufferedImage(width, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(img, 0, 0, width, h, null);
        g.dispose();
        return out;
    }

    static void writeJpeg(BufferedImage img, File file, float quality) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = writer.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        file.delete();
        try (var out = new FileImageOutputStream(file)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), p);
        }
        writer.dispose();
    }
}
