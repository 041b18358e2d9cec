package jp.tokuten.campaigns.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.campaigns.CampaignDraft;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.FormField;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;

/**
 * What the campaign form of the admin console shows and sends, as the text of its inputs, so that a form
 * sent back with an error shows exactly what was typed. Lists (stores, chains, prefectures) are one per
 * line; aliases, JAN codes and choices are separated by commas (、 too).
 */
public final class CampaignForm {

    /** Empty product rows the form offers beyond the campaign's own. */
    static final int SPARE_PRODUCTS = 3;

    /** Questionnaire items the form offers. */
    static final List<String> QUESTIONS = List.of("q1", "q2", "q3");

    /** A standard field's usual character type and length, for a new form. */
    static final Map<String, FormField> STANDARD = standard();

    String name = "";
    String purchaseFrom = "";
    String purchaseTo = "";
    String entryFrom = "";
    String entryTo = "";
    String uploadGraceDays = "0";
    String minimumTotal = "";
    String stores = "";
    String chains = "";
    String prefectures = "";
    List<Product> products = new ArrayList<>();
    String perDay = "";
    String total = "";
    String receiptsPerEntry = "1";
    List<Field> fields = new ArrayList<>();
    String landingText = "";
    String terms = "";
    String fraudAction = "review";

    /** One row of target products. */
    public record Product(String name, String aliases, String janCodes, String minimumQuantity, String minimumAmount) {
        static Product empty() {
            return new Product("", "", "", "1", "");
        }

        public boolean blank() {
            return name.isBlank() && aliases.isBlank() && janCodes.isBlank() && minimumAmount.isBlank();
        }
    }

    /** One entry form field: whether it is asked, required, its type, length, label and choices. */
    public record Field(
            String key, boolean used, boolean required, String type, String maxLength, String label, String options) {
        public boolean question() {
            return key.startsWith("q");
        }
    }

    // Thymeleaf reads the form through these
    public String getName() {
        return name;
    }

    public String getPurchaseFrom() {
        return purchaseFrom;
    }

    public String getPurchaseTo() {
        return purchaseTo;
    }

    public String getEntryFrom() {
        return entryFrom;
    }

    public String getEntryTo() {
        return entryTo;
    }

    public String getUploadGraceDays() {
        return uploadGraceDays;
    }

    public String getMinimumTotal() {
        return minimumTotal;
    }

    public String getStores() {
        return stores;
    }

    public String getChains() {
        return chains;
    }

    public String getPrefectures() {
        return prefectures;
    }

    public List<Product> getProducts() {
        return products;
    }

    public String getPerDay() {
        return perDay;
    }

    public String getTotal() {
        return total;
    }

    public String getReceiptsPerEntry() {
        return receiptsPerEntry;
    }

    public List<Field> getFields() {
        return fields;
    }

    public String getLandingText() {
        return landingText;
    }

    public String getTerms() {
        return terms;
    }

    public String getFraudAction() {
        return fraudAction;
    }

    /** A new campaign's form: periods from today for a month, no rules, the standard fields offered but off. */
    static CampaignForm blank(LocalDate today, String genderOptions) {
        var form = new CampaignForm();
        form.purchaseFrom = today.toString();
        form.purchaseTo = today.plusMonths(1).toString();
        form.entryFrom = today.toString();
        form.entryTo = today.plusMonths(1).toString();
        for (int i = 0; i < SPARE_PRODUCTS; i++) {
            form.products.add(Product.empty());
        }
        form.fields = fields(List.of(), genderOptions);
        return form;
    }

    static CampaignForm of(CampaignView c, String genderOptions) {
        var form = new CampaignForm();
        form.name = c.name();
        form.purchaseFrom = c.purchasePeriod().from().toString();
        form.purchaseTo = c.purchasePeriod().to().toString();
        form.entryFrom = c.entryPeriod().from().toString();
        form.entryTo = c.entryPeriod().to().toString();
        form.uploadGraceDays = Integer.toString(c.uploadGraceDays());
        form.minimumTotal = c.minimumTotal() == null ? "" : c.minimumTotal().toString();
        form.stores = String.join("\n", c.stores());
        form.chains = String.join("\n", c.chains());
        form.prefectures = String.join("\n", c.prefectures());
        for (var p : c.targetProducts()) {
            form.products.add(new Product(
                    p.name(),
                    String.join(", ", p.aliases()),
                    String.join(", ", p.janCodes()),
                    Integer.toString(p.minimumQuantity()),
                    p.minimumAmount() == null ? "" : p.minimumAmount().toString()));
        }
        for (int i = 0; i < SPARE_PRODUCTS; i++) {
            form.products.add(Product.empty());
        }
        form.perDay = c.perEntrantLimit().perDay() == null
                ? ""
                : c.perEntrantLimit().perDay().toString();
        form.total = c.perEntrantLimit().total() == null
                ? ""
                : c.perEntrantLimit().total().toString();
        form.receiptsPerEntry = Integer.toString(c.receiptsPerEntry());
        form.fields = fields(c.formFields(), genderOptions);
        form.landingText = c.landingText();
        form.terms = c.terms();
        form.fraudAction = c.fraudAction();
        return form;
    }

    private static List<Field> fields(List<FormField> chosen, String genderOptions) {
        var byKey = new LinkedHashMap<String, FormField>();
        chosen.forEach(f -> byKey.put(f.key(), f));
        var out = new ArrayList<Field>();
        for (String key : FormField.STANDARD_KEYS) {
            FormField f = byKey.get(key);
            FormField usual = STANDARD.get(key);
            FormField shown = f != null ? f : usual;
            String options = !shown.options().isEmpty()
                    ? String.join(", ", shown.options())
                    : key.equals("gender") ? genderOptions : "";
            out.add(new Field(
                    key,
                    f != null,
                    shown.required(),
                    shown.type().code(),
                    Integer.toString(shown.maxLength()),
                    "",
                    options));
        }
        for (String key : QUESTIONS) {
            FormField f = byKey.get(key);
            out.add(
                    f == null
                            ? new Field(key, false, false, "text", "200", "", "")
                            : new Field(
                                    key,
                                    true,
                                    f.required(),
                                    f.type().code(),
                                    Integer.toString(f.maxLength()),
                                    f.label(),
                                    String.join(", ", f.options())));
        }
        return out;
    }

    /** The form as sent. */
    static CampaignForm of(MultiValueMap<String, String> sent) {
        var form = new CampaignForm();
        form.name = one(sent, "name");
        form.purchaseFrom = one(sent, "purchaseFrom");
        form.purchaseTo = one(sent, "purchaseTo");
        form.entryFrom = one(sent, "entryFrom");
        form.entryTo = one(sent, "entryTo");
        form.uploadGraceDays = one(sent, "uploadGraceDays");
        form.minimumTotal = one(sent, "minimumTotal");
        form.stores = one(sent, "stores");
        form.chains = one(sent, "chains");
        form.prefectures = one(sent, "prefectures");
        var names = all(sent, "productName");
        var aliases = all(sent, "productAliases");
        var jans = all(sent, "productJanCodes");
        var quantities = all(sent, "productMinimumQuantity");
        var amounts = all(sent, "productMinimumAmount");
        for (int i = 0; i < Math.min(names.size(), jp.tokuten.campaigns.Campaigns.MAX_LIST); i++) {
            form.products.add(
                    new Product(names.get(i), at(aliases, i), at(jans, i), at(quantities, i), at(amounts, i)));
        }
        form.perDay = one(sent, "perDay");
        form.total = one(sent, "total");
        form.receiptsPerEntry = one(sent, "receiptsPerEntry");
        var keys = new ArrayList<String>(FormField.STANDARD_KEYS);
        keys.addAll(QUESTIONS);
        for (String key : keys) {
            String p = "field." + key + ".";
            form.fields.add(new Field(
                    key,
                    sent.containsKey(p + "used"),
                    sent.containsKey(p + "required"),
                    one(sent, p + "type"),
                    one(sent, p + "maxLength"),
                    one(sent, p + "label"),
                    one(sent, p + "options")));
        }
        form.landingText = one(sent, "landingText");
        form.terms = one(sent, "terms");
        form.fraudAction = one(sent, "fraudAction");
        return form;
    }

    /** The draft the form describes; 422 {@code invalid_campaign} with the {@code field} a value cannot be read for. */
    CampaignDraft draft(@Nullable UUID image) {
        var products = new ArrayList<CampaignView.TargetProduct>();
        for (var p : this.products) {
            if (p.blank()) {
                continue;
            }
            Integer quantity = number(p.minimumQuantity(), "targetProducts");
            Long amount = longNumber(p.minimumAmount(), "targetProducts");
            products.add(new CampaignView.TargetProduct(
                    p.name().strip(),
                    commaList(p.aliases()),
                    commaList(p.janCodes()),
                    quantity == null ? 1 : quantity,
                    amount));
        }
        var formFields = new ArrayList<FormField>();
        for (var f : fields) {
            if (!f.used()) {
                continue;
            }
            FormField.CharType type;
            try {
                type = FormField.CharType.valueOf(f.type().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw CampaignJson.invalid("formFields");
            }
            Integer max = number(f.maxLength(), "formFields");
            formFields.add(new FormField(
                    f.key(),
                    f.question() ? f.label().strip() : "",
                    f.required(),
                    type,
                    max == null ? 100 : max,
                    type == FormField.CharType.CHOICE ? commaList(f.options()) : List.of()));
        }
        for (var f : formFields) {
            if (f.key().startsWith("q") && f.label().isEmpty()) {
                throw CampaignJson.invalid("formFields");
            }
        }
        Integer grace = number(uploadGraceDays, "uploadGraceDays");
        Integer receipts = number(receiptsPerEntry, "receiptsPerEntry");
        return new CampaignDraft(
                name,
                new CampaignView.Period(date(purchaseFrom, "purchasePeriod"), date(purchaseTo, "purchasePeriod")),
                new CampaignView.Period(date(entryFrom, "entryPeriod"), date(entryTo, "entryPeriod")),
                grace == null ? 0 : grace,
                longNumber(minimumTotal, "minimumTotal"),
                lines(stores),
                lines(chains),
                lines(prefectures),
                products,
                new CampaignView.EntrantLimit(number(perDay, "perEntrantLimit"), number(total, "perEntrantLimit")),
                receipts == null ? 1 : receipts,
                formFields,
                landingText.replace("\r\n", "\n"),
                terms.replace("\r\n", "\n"),
                image,
                fraudAction.isBlank() ? "review" : fraudAction);
    }

    private static String one(MultiValueMap<String, String> sent, String name) {
        String v = sent.getFirst(name);
        return v == null ? "" : v;
    }

    private static List<String> all(MultiValueMap<String, String> sent, String name) {
        var v = sent.get(name);
        return v == null ? List.of() : v;
    }

    private static String at(List<String> values, int i) {
        return i < values.size() ? values.get(i) : "";
    }

    static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    static List<String> commaList(String text) {
        return Arrays.stream(text.split("[,、，]"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static LocalDate date(String text, String field) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw CampaignJson.invalid(field);
        }
    }

    private static @Nullable Integer number(String text, String field) {
        Long n = longNumber(text, field);
        if (n == null) {
            return null;
        }
        if (n > Integer.MAX_VALUE) {
            throw CampaignJson.invalid(field);
        }
        return n.intValue();
    }

    private static @Nullable Long longNumber(String text, String field) {
        String t = java.text.Normalizer.normalize(text.strip(), java.text.Normalizer.Form.NFKC)
                .replace(",", "");
        if (t.isEmpty()) {
            return null;
        }
        if (!t.matches("-?[0-9]{1,15}")) {
            throw CampaignJson.invalid(field);
        }
        return Long.parseLong(t);
    }

    private static Map<String, FormField> standard() {
        var m = new LinkedHashMap<String, FormField>();
        m.put("name", new FormField("name", "", true, FormField.CharType.TEXT, 50, List.of()));
        m.put("kana", new FormField("kana", "", true, FormField.CharType.KATAKANA, 50, List.of()));
        m.put("postalCode", new FormField("postalCode", "", true, FormField.CharType.POSTAL_CODE, 8, List.of()));
        m.put("address", new FormField("address", "", true, FormField.CharType.TEXT, 200, List.of()));
        m.put("phone", new FormField("phone", "", true, FormField.CharType.PHONE, 13, List.of()));
        m.put("email", new FormField("email", "", true, FormField.CharType.EMAIL, 254, List.of()));
        m.put("birthYear", new FormField("birthYear", "", false, FormField.CharType.YEAR, 4, List.of()));
        m.put("gender", new FormField("gender", "", false, FormField.CharType.CHOICE, 20, List.of()));
        return Map.copyOf(m);
    }
}
