package jp.tokuten.files;

/** An upload that is not an acceptable photo. The message is for the person who sent it (Japanese and English). */
public class PhotoRejectedException extends RuntimeException {

    public PhotoRejectedException(String message) {
        super(message);
    }
}
