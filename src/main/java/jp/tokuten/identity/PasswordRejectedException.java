package jp.tokuten.identity;

/** A new password does not meet the rules; the message is for the person choosing it. */
public class PasswordRejectedException extends RuntimeException {

    private final String reason;

    public PasswordRejectedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** A stable code: {@code too_short}, {@code too_long}, {@code repetitive} or {@code common}. */
    public String reason() {
        return reason;
    }
}
