package jp.tokuten.consumer.web;

import java.util.List;
import jp.tokuten.campaigns.FormField;
import org.jspecify.annotations.Nullable;

/**
 * A campaign form field as the entry page writes it: the input's type and the browser's own checks
 * ({@code pattern}, {@code maxlength}, {@code inputmode}, {@code autocomplete}) for the field's declared
 * character type; the server checks again with {@link FormField#check}.
 *
 * @param labelKey the bundle key of a standard field's label, null for a questionnaire item ({@link #label})
 * @param pattern for the browser's {@code pattern} attribute (a whole-value match), null for none
 */
record FieldView(
        String key,
        @Nullable String labelKey,
        String label,
        boolean required,
        String inputType,
        @Nullable String pattern,
        @Nullable String inputMode,
        @Nullable String autocomplete,
        int maxLength,
        List<String> options,
        boolean choice) {

    static FieldView of(FormField f) {
        boolean standard = FormField.STANDARD_KEYS.contains(f.key());
        String labelKey = standard ? "entrant.field." + f.key() : null;
        String autocomplete = switch (f.key()) {
            case "name" -> "name";
            case "postalCode" -> "postal-code";
            case "address" -> "street-address";
            case "phone" -> "tel";
            case "email" -> "email";
            case "birthYear" -> "bday-year";
            case "gender" -> "sex";
            default -> "off";
        };
        return switch (f.type()) {
            case TEXT ->
                new FieldView(
                        f.key(),
                        labelKey,
                        f.label(),
                        f.required(),
                        "text",
                        null,
                        null,
                        autocomplete,
                        f.maxLength(),
                        List.of(),
                        false);
            // full-width katakana (and the half-width ones the server's Katakana class takes), long vowel mark, spaces
            case KATAKANA ->
                new FieldView(
                        f.key(),
                        labelKey,
                        f.label(),
                        f.required(),
                        "text",
                        "[ァ-ヺーｦ-ﾝ　 ]+",
                        null,
                        "off",
                        f.maxLength(),
                        List.of(),
                        false);
            case DIGITS ->
                new FieldView(
                        f.key(),
                        labelKey,
                        f.label(),
                        f.required(),
                        "text",
                        "[0-9]+",
                        "numeric",
                        autocomplete,
                        f.maxLength(),
                        List.of(),
                        false);
            case POSTAL_CODE ->
                new FieldView(
                        f.key(),
                        labelKey,
                        f.label(),
                        f.required(),
                        "text",
                        "[0-9]{3}-?[0-9]{4}",
                        "numeric",
                        "postal-code",
                        Math.min(f.maxLength(), 8),
                        List.of(),
                        false);
            case PHONE ->
                new FieldView(
                        f.key(),
                        labelKey,
                        f.label(),
                        f.required(),
                        "tel",
                        "0[0-9\\-]{9,12}",
                        "tel",
                        "tel",
                        Math.min(f.maxLength(), 13),
                        List.of(),
                        false);
            case EMAIL ->
                new FieldView(
                        f.key(),
                        labelKey,
                        f.label(),
                        f.required(),
                        "email",
                        null,
                        "email",
                        "email",
                        Math.min(f.maxLength(), 254),
                        List.of(),
                        false);
            case YEAR ->
                new FieldView(
                        f.key(),
                        labelKey,
                        f.label(),
                        f.required(),
                        "text",
                        "[0-9]{4}",
                        "numeric",
                        "bday-year",
                        4,
                        List.of(),
                        false);
            case CHOICE ->
                new FieldView(
                        f.key(),
                        labelKey,
                        f.label(),
                        f.required(),
                        "text",
                        null,
                        null,
                        autocomplete,
                        f.maxLength(),
                        f.options(),
                        true);
        };
    }
}
