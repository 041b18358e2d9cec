package jp.tokuten.tenancy;

import org.springframework.context.MessageSourceResolvable;

/**
 * A tenant could not be created as asked. It carries a message key and arguments saying why, rendered in
 * the caller's language where it is shown; {@link #getMessage()} is the key.
 */
public class InvalidTenantException extends RuntimeException implements MessageSourceResolvable {

    private final String field;
    private final transient Object[] arguments;

    public InvalidTenantException(String field, String messageKey, Object... arguments) {
        super(messageKey);
        this.field = field;
        this.arguments = arguments.clone();
    }

    /** The request field at fault ({@code slug} or {@code name}). */
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
