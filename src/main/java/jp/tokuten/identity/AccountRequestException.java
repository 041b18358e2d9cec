package jp.tokuten.identity;

/** A change to accounts that cannot be done as asked; the message is for the person who asked. */
public class AccountRequestException extends RuntimeException {

    private final String field;

    public AccountRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
