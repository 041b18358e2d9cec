package jp.tokuten.tenancy;

/** A tenant could not be created as asked; the message says why, for the caller. */
public class InvalidTenantException extends RuntimeException {

    private final String field;

    public InvalidTenantException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field at fault ({@code slug} or {@code name}). */
    public String field() {
        return field;
    }
}
