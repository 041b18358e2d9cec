package jp.tokuten.privacy;

/** Sealed personal data that cannot be opened: the tenant's key is gone (deleted) or the data was altered. */
public class PersonalDataUnavailableException extends RuntimeException {

    public PersonalDataUnavailableException(String message) {
        super(message);
    }
}
