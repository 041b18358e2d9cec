package jp.tokuten.files;

import java.util.Locale;
import jp.tokuten.shared.ProblemException;

/**
 * An upload that is not an acceptable photo. Answered by the API as problem JSON whose {@code code} (and,
 * for older clients, {@code reason}) is the reason in lower case, with a detail from the bundle key
 * {@code problem.<code>}; {@link #getMessage()} is a plain English line for the command line and logs.
 */
public class PhotoRejectedException extends ProblemException {

    /** Why a photo was refused, with the HTTP status the API answers. */
    public enum Reason {
        EMPTY(400),
        TOO_LARGE(413),
        NOT_A_PHOTO(415),
        UNSUPPORTED(415),
        TOO_MANY_PIXELS(422),
        ODD_SHAPE(422),
        DAMAGED(422),
        POLYGLOT(422);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        /** The stable machine code: {@code not_a_photo}, {@code odd_shape} … */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;
    private final String message;

    /**
     * @param message English, for the command line and logs
     * @param arguments the bundle message's arguments
     */
    public PhotoRejectedException(Reason reason, String message, Object... arguments) {
        super(reason.status, reason.code(), arguments);
        with("reason", reason.code());
        if (reason == Reason.TOO_LARGE) {
            detail("problem.too_large.limit");
        }
        this.reason = reason;
        this.message = message;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String getMessage() {
        return message;
    }
}
