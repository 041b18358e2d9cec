package jp.tokuten.ocr;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.List;

/**
 * The few functions of Tesseract's C API ({@code tesseract/capi.h}) the engine calls, bound with JNA.
 * Only these symbols are bound, so any libtesseract 5.x will do (docs/decisions/021).
 */
interface TesseractLibrary extends Library {

    /** {@code PSM_SINGLE_BLOCK}: one uniform block of text, which suits receipts. */
    int PSM_SINGLE_BLOCK = 6;

    /** {@code PSM_SINGLE_LINE}: the image is one line of text. */
    int PSM_SINGLE_LINE = 7;

    Pointer TessBaseAPICreate();

    void TessBaseAPIDelete(Pointer handle);

    /** Returns 0 on success; {@code datapath} null means the library's own tessdata folder. */
    int TessBaseAPIInit3(Pointer handle, String datapath, String language);

    void TessBaseAPISetPageSegMode(Pointer handle, int mode);

    int TessBaseAPISetVariable(Pointer handle, String name, String value);

    /** Copies the pixels; the array may be reused once the call returns. */
    void TessBaseAPISetImage(Pointer handle, byte[] pixels, int width, int height, int bytesPerPixel, int bytesPerLine);

    void TessBaseAPISetSourceResolution(Pointer handle, int ppi);

    /** Returns 0 on success; {@code monitor} may carry a deadline. */
    int TessBaseAPIRecognize(Pointer handle, Pointer monitor);

    Pointer TessBaseAPIGetTsvText(Pointer handle, int page);

    void TessDeleteText(Pointer text);

    void TessBaseAPIClear(Pointer handle);

    void TessBaseAPIEnd(Pointer handle);

    Pointer TessMonitorCreate();

    void TessMonitorDelete(Pointer monitor);

    void TessMonitorSetDeadlineMSecs(Pointer monitor, int deadline);

    /**
     * Loads the library: the plain name first (a {@code -dev} package or another system), then Debian's
     * and Ubuntu's versioned runtime file, which {@code tesseract-ocr} always brings.
     */
    static TesseractLibrary load(String name) {
        UnsatisfiedLinkError first = null;
        for (String candidate : List.of(name, "lib" + name + ".so.5")) {
            try {
                return Native.load(candidate, TesseractLibrary.class);
            } catch (UnsatisfiedLinkError e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        throw first;
    }
}
