package jp.tokuten.identity;

import org.springframework.context.MessageSourceResolvable;

/**
 * A new password does not meet the rules. It carries a message key and
 * arguments for the person choosing it, rendered in their language where it is shown.
 */
public class PasswordRejectedException extends RuntimeException implements MessageSourceResolvable {

    private final String reason;
    private final transient Object[] arguments;

    public PasswordRejectedException(String reason, String messageKey, Object... arguments) {
        super(messageKey);
        this.reason = reason;
        this.arguments = arguments.clone();
    }

    /** A stable code: {@code too_short}, {@code too_long}, {@code repetitive} or {@code common}. */
    public String reason() {
        return reason;
    }

    @Override
    public String[] getCodes() {
        return new String[] {getMessage()};
    }

    @Override
    public Object[] getArguments() {
        return arguments.clone();
    }
}
