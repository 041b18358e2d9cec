package jp.tokuten.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Answers kept for a short time, forgotten on a change here, never kept when read across a change. */
class RecentAnswersTests {

    private final AtomicInteger lookUps = new AtomicInteger();

    private String lookUp(String answer) {
        lookUps.incrementAndGet();
        return answer;
    }

    @Test
    void keepsAnAnswerForItsTimeThenReadsAgain() throws Exception {
        var answers = new RecentAnswers<String, String>(Duration.ofMillis(300), 10);
        assertThat(answers.get("k", () -> lookUp("a"), v -> true)).isEqualTo("a");
        assertThat(answers.get("k", () -> lookUp("b"), v -> true)).as("kept").isEqualTo("a");
        assertThat(lookUps).hasValue(1);
        Thread.sleep(400);
        assertThat(answers.get("k", () -> lookUp("b"), v -> true)).as("expired").isEqualTo("b");
        assertThat(lookUps).hasValue(2);
    }

    @Test
    void keepsOnlyAnswersWorthKeeping() {
        var answers = new RecentAnswers<String, Optional<String>>(Duration.ofMinutes(1), 10);
        answers.get("made-up", () -> Optional.ofNullable(null), Optional::isPresent);
        assertThat(answers.get("made-up", () -> Optional.of("now valid"), Optional::isPresent))
                .contains("now valid");
        assertThat(answers.get("made-up", () -> Optional.of("other"), Optional::isPresent))
                .contains("now valid");
    }

    @Test
    void aZeroTimeKeepsNothing() {
        var answers = new RecentAnswers<String, String>(Duration.ZERO, 10);
        answers.get("k", () -> lookUp("a"), v -> true);
        answers.get("k", () -> lookUp("a"), v -> true);
        assertThat(lookUps).hasValue(2);
    }

    @Test
    void forgetsEverythingWhenFull() {
        var answers = new RecentAnswers<Integer, String>(Duration.ofMinutes(1), 3);
        for (int i = 0; i < 4; i++) {
            int n = i;
            answers.get(n, () -> lookUp("v" + n), v -> true);
        }
        answers.get(3, () -> lookUp("again"), v -> true);
        assertThat(lookUps).as("the fourth is kept").hasValue(4);
        answers.get(0, () -> lookUp("again"), v -> true);
        assertThat(lookUps).as("the first three were forgotten to make room").hasValue(5);
    }

    @Test
    void aChangeOfTheOwnersGenerationIsSeenAtOnce() {
        var statusChanges = new AtomicLong();
        var answers = new RecentAnswers<String, String>(Duration.ofMinutes(1), 10, statusChanges::get);
        answers.get("tenant", () -> lookUp("active"), v -> true);
        statusChanges.incrementAndGet();
        assertThat(answers.get("tenant", () -> lookUp("suspended"), v -> true)).isEqualTo("suspended");
    }

    @Test
    void aChangeInATransactionIsForgottenAgainWhenItCommits() {
        var answers = new RecentAnswers<String, String>(Duration.ofMinutes(1), 10);
        answers.get("k", () -> lookUp("before"), v -> true);
        TransactionSynchronizationManager.initSynchronization();
        try {
            answers.changed();
            // another request reads the row before the change commits: its answer must not outlive the commit
            assertThat(answers.get("k", () -> lookUp("before"), v -> true)).isEqualTo("before");
            for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
                s.afterCompletion(TransactionSynchronization.STATUS_COMMITTED);
            }
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }
        assertThat(answers.get("k", () -> lookUp("after"), v -> true)).isEqualTo("after");
    }

    @Test
    void anAnswerReadAcrossAChangeIsNotKept() {
        var answers = new RecentAnswers<String, String>(Duration.ofMinutes(1), 10);
        answers.get(
                "k",
                () -> {
                    answers.changed(); // the change lands while the answer is being read
                    return lookUp("stale");
                },
                v -> true);
        assertThat(answers.get("k", () -> lookUp("fresh"), v -> true)).isEqualTo("fresh");
    }
}
