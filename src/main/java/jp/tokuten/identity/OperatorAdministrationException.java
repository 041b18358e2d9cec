package jp.tokuten.identity;

/** An operator-administration request that cannot be done; the message is for the operator. */
public class OperatorAdministrationException extends RuntimeException {

    private final String field;

    public OperatorAdministrationException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
