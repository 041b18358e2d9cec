package jp.tokuten.receipts;

import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A reviewer's decisions on the bound tenant's entries: approve or reject, also overturning an automatic
 * decision (an appeal), after correcting read fields if need be. Every decision is audited
 * ({@code entry.decided}). Refusals: 404 {@code not_found}, 422 {@code invalid_decision} (a rejection
 * without a known reason code, an unknown correction field), 409 {@code entry_pending} (its receipts are
 * still being read). Callers authorise the reviewer role (the API and the review workbench do).
 */
@Service
public class EntryDecisions {

    /** What a reviewer decides. */
    public enum Decision {
        APPROVE,
        REJECT;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final EntryJudge judge;

    EntryDecisions(EntryJudge judge) {
        this.judge = judge;
    }

    /**
     * Applies the corrections (field → value, e.g. {@code total}, {@code purchasedAt}, {@code store.name};
     * {@code 1.total} for the second receipt), then decides the entry.
     *
     * @param reason a {@link ReasonCode#code()}; required when rejecting
     */
    @Transactional
    public EntryView decide(UUID entry, Decision decision, @Nullable String reason, Map<String, String> corrections) {
        return judge.decide(entry, decision, reason, corrections);
    }

    /** Applies the corrections and judges the entry again automatically (no decision of its own). */
    @Transactional
    public EntryView correct(UUID entry, Map<String, String> corrections) {
        return judge.correct(entry, corrections);
    }
}
