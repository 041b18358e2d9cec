package jp.tokuten.receipts;

import java.text.Normalizer;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import jp.tokuten.receipts.ReceiptReading.StoreIdentification;
import jp.tokuten.shared.FoldedText;
import org.jspecify.annotations.Nullable;

/**
 * Stores the reader may find a receipt's store among by a number the receipt prints, its registration
 * number or phone number (decision 102). The reading job passes one backed by the bound tenant's stores
 * ({@code stores.Stores}); the bench and the command line may pass a list ({@link #of}) or {@link #NONE}.
 * The reader itself needs no database.
 */
@FunctionalInterface
public interface StoreCatalog {

    /** Knows no store. */
    StoreCatalog NONE = (name, phone, registrationNumber) -> Optional.empty();

    /**
     * The store identified by the receipt's registration number, else by its phone number; when one
     * number belongs to several stores, the read name chooses among them, or nothing is found.
     */
    Optional<Found> identify(
            @Nullable String readName, @Nullable String readPhone, @Nullable String readRegistrationNumber);

    /**
     * A store found by a number: its name as the reading should give it, its branch ({@code null}: keep
     * what was read), its phone and registration number as the catalog keeps them, and which number
     * found it ({@link StoreIdentification#REGISTRATION} or {@link StoreIdentification#PHONE}).
     */
    record Found(
            String name,
            @Nullable String branch,
            @Nullable String phone,
            @Nullable String registrationNumber,
            StoreIdentification by) {}

    /** A store of a list-based catalog. */
    record Listed(
            String name,
            @Nullable String branch,
            @Nullable String phone,
            @Nullable String registrationNumber) {}

    /** A catalog of the stores given, matched as the tenant's stores are. */
    static StoreCatalog of(List<Listed> stores) {
        List<Listed> copy = List.copyOf(stores);
        return (readName, readPhone, readRegistrationNumber) -> {
            String number = registrationNumber(readRegistrationNumber);
            if (number != null) {
                var chosen = chosen(
                        readName,
                        copy.stream()
                                .filter(s -> number.equals(registrationNumber(s.registrationNumber())))
                                .toList());
                if (chosen.isPresent()) {
                    return chosen.map(s -> found(s, StoreIdentification.REGISTRATION));
                }
            }
            String digits = phoneDigits(readPhone);
            if (digits != null) {
                var chosen = chosen(
                        readName,
                        copy.stream()
                                .filter(s -> digits.equals(phoneDigits(s.phone())))
                                .toList());
                return chosen.map(s -> found(s, StoreIdentification.PHONE));
            }
            return Optional.empty();
        };
    }

    private static Found found(Listed s, StoreIdentification by) {
        return new Found(s.name(), s.branch(), s.phone(), registrationNumber(s.registrationNumber()), by);
    }

    /** The one store, or among several the one whose name is clearly most like the read name. */
    private static Optional<Listed> chosen(@Nullable String readName, List<Listed> stores) {
        if (stores.size() <= 1) {
            return stores.stream().findFirst();
        }
        if (readName == null || readName.isBlank()) {
            return Optional.empty();
        }
        var scored = stores.stream()
                .sorted(Comparator.comparingDouble((Listed s) -> -similarity(readName, s)))
                .toList();
        double best = similarity(readName, scored.get(0));
        return best >= 0.8 && similarity(readName, scored.get(1)) < best
                ? Optional.of(scored.get(0))
                : Optional.empty();
    }

    private static double similarity(String readName, Listed s) {
        return Math.max(
                FoldedText.similarity(readName, s.name()),
                FoldedText.similarity(readName, s.name() + (s.branch() == null ? "" : s.branch())));
    }

    /** {@code T} + 13 digits, also when OCR read the T as 1; null when it is none. */
    static @Nullable String registrationNumber(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String t = Normalizer.normalize(text, Normalizer.Form.NFKC)
                .replaceAll("[\\s\\-]", "")
                .toUpperCase(Locale.ROOT);
        if (t.matches("T[0-9]{13}")) {
            return t;
        }
        return t.matches("1[0-9]{13}") ? "T" + t.substring(1) : null;
    }

    /** The digits of a Japanese phone number (0 and 9 or 10 more; +81 read as 0), or null. */
    static @Nullable String phoneDigits(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String digits = Normalizer.normalize(text, Normalizer.Form.NFKC).replaceAll("[^0-9+]", "");
        if (digits.startsWith("+81")) {
            digits = "0" + digits.substring(3);
        }
        return digits.matches("0[0-9]{9,10}") ? digits : null;
    }
}
