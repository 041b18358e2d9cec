package jp.tokuten.rewards;

/**
 * How a winner is told about their award: e-mail now ({@link MailWinnerNotifier}), LINE messages later
 * (issue 13 asks for this seam; decision 127). Every bean implementing it is told each notice, with the
 * tenant bound and inside the transaction that records the notice; a notifier that cannot reach the winner
 * (no LINE account linked) answers {@link Outcome#NOT_CONFIGURED}.
 */
public interface WinnerNotifier {

    /** What became of a notice. */
    enum Outcome {
        SENT,
        /** This channel is not set up (no SMTP server, no LINE account of the winner). */
        NOT_CONFIGURED,
        /** Tried and failed: the sweep tries again later. */
        FAILED
    }

    /** The channel's name, for the notice's record: {@code email}, later {@code line}. */
    String channel();

    Outcome tell(WinnerNotice notice);
}
