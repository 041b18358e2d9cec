package jp.tokuten.receipts;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the automatic judgement makes of an entry, rule by rule, for the review screen: it judges the
 * entry's readings (with any reviewer corrections) against its campaign's rules without changing anything.
 */
@Service
public class EntryJudgement {

    /** The outcome of one rule. */
    public enum Outcome {
        PASS,
        FAIL,
        /** The rule could not be decided surely (a deciding field read without enough confidence). */
        UNSURE;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One rule's result.
     *
     * @param rule the rule's name ({@code readable}, {@code purchase_date}, {@code store}, {@code target_products},
     *     {@code minimum_total}, {@code duplicate}, {@code image}, {@code identity})
     * @param reason the reason code the rule gives when it fails or is unsure, null when it passes
     * @param value the read value the rule used, as text (a date, a store name, a total), null when none
     */
    public record RuleResult(
            String rule,
            Outcome outcome,
            @Nullable ReasonCode reason,
            @Nullable String value) {}

    private final EntryJudge judge;

    EntryJudgement(EntryJudge judge) {
        this.judge = judge;
    }

    /** The rules' results for the bound tenant's entry, or 404 {@code not_found}. */
    @Transactional(readOnly = true)
    public List<RuleResult> preview(UUID entry) {
        return judge.preview(entry);
    }
}
