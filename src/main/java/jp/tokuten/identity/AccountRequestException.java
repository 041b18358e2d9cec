package jp.tokuten.identity;

import org.springframework.context.MessageSourceResolvable;

/**
 * A change to accounts that cannot be done as asked. It carries a message key (and its arguments) for the
 * person who asked, rendered in their language where it is shown; {@link #getMessage()} is the key.
 */
public class AccountRequestException extends RuntimeException implements MessageSourceResolvable {

    private final String field;
    private final transient Object[] arguments;

    public AccountRequestException(String field, String messageKey, Object... arguments) {
        super(messageKey);
        this.field = field;
        this.arguments = arguments.clone();
    }

    public String field() {
        return field;
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
