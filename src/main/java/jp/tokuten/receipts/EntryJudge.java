package jp.tokuten.receipts;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Judges entries once all their receipts are read, and applies reviewers' corrections and decisions. */
@Component
class EntryJudge implements SubmissionListener {

    @Override
    public void read(UUID submission) {}

    @Override
    public void failed(UUID submission, String reasonCode) {}

    List<EntryJudgement.RuleResult> preview(UUID entry) {
        throw new UnsupportedOperationException("not yet");
    }

    EntryView decide(
            UUID entry, EntryDecisions.Decision decision, @Nullable String reason, Map<String, String> corrections) {
        throw new UnsupportedOperationException("not yet");
    }

    EntryView correct(UUID entry, Map<String, String> corrections) {
        throw new UnsupportedOperationException("not yet");
    }
}
