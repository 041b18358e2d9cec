package jp.tokuten.files;

/** An upload that is not an acceptable photo. The message is for the person who sent it (Japanese and English). */
public class PhotoRejectedException extends RuntimeException {

    /** Why a photo was refused; the API maps it to an HTTP status. */
    public enum Reason {
        EMPTY,
        TOO_LARGE,
        NOT_A_PHOTO,
        TOO_MANY_PIXELS,
        DAMAGED,
        POLYGLOT,
        UNSUPPORTED
    }

    private final Reason reason;

    public PhotoRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
