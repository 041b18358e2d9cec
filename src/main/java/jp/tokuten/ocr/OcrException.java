package jp.tokuten.ocr;

/** The engine could not read an image: it is missing, it failed, or it took too long. */
public class OcrException extends RuntimeException {

    public OcrException(String message) {
        super(message);
    }

    public OcrException(String message, Throwable cause) {
        super(message, cause);
    }
}
