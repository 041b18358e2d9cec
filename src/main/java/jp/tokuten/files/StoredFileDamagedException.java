package jp.tokuten.files;

/** The bytes of a stored file no longer match the checksum recorded when it was stored. */
public class StoredFileDamagedException extends RuntimeException {

    public StoredFileDamagedException(String message) {
        super(message);
    }
}
