package jp.tokuten.ocr;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * Tesseract handles with their models loaded, kept per language set and lent to one thread at a time (a
 * handle is not thread-safe). The library is loaded on first use, so an application without Tesseract
 * starts and fails only when it reads, with a message that says what to install.
 */
final class TesseractPool {

    /** Tesseract stops recognising a page after this long by default (its progress monitor's deadline). */
    static final int DEADLINE_MILLIS = 60_000;

    private static final String INSTALL =
            "run ./tokuten run, or apt-get install tesseract-ocr tesseract-ocr-jpn tesseract-ocr-script-jpan";

    private final String libraryName;
    private final Semaphore slots;
    private final int deadlineMillis;
    private final Map<String, Queue<Pointer>> idle = new ConcurrentHashMap<>();
    private volatile TesseractLibrary library;

    TesseractPool(String libraryName, int parallel, int deadlineMillis) {
        this.libraryName = libraryName;
        this.slots = new Semaphore(Math.max(1, parallel), true);
        this.deadlineMillis = deadlineMillis;
    }

    /** Recognises a greyscale image and returns Tesseract's TSV (one row per page, block, line and word). */
    String recognise(String languages, BufferedImage grey, int pageSegmentation) {
        byte[] pixels = ImagePreparation.packed(grey);
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OcrException("Interrupted while waiting for the OCR engine", e);
        }
        try {
            TesseractLibrary lib = library();
            Pointer handle = borrow(lib, languages);
            boolean healthy = false;
            Pointer monitor = lib.TessMonitorCreate();
            try {
                lib.TessBaseAPISetPageSegMode(handle, pageSegmentation);
                lib.TessBaseAPISetImage(handle, pixels, grey.getWidth(), grey.getHeight(), 1, grey.getWidth());
                lib.TessBaseAPISetSourceResolution(handle, 300);
                lib.TessMonitorSetDeadlineMSecs(monitor, deadlineMillis);
                // -1 also when Tesseract stopped at the deadline (with part of the page read)
                if (lib.TessBaseAPIRecognize(handle, monitor) != 0) {
                    throw new OcrException("The OCR engine could not read the image (or took longer than "
                            + secondsText(deadlineMillis) + ")");
                }
                Pointer tsv = lib.TessBaseAPIGetTsvText(handle, 0);
                if (tsv == null) {
                    throw new OcrException("The OCR engine returned no text");
                }
                try {
                    String text = tsv.getString(0, StandardCharsets.UTF_8.name());
                    healthy = true;
                    return text;
                } finally {
                    lib.TessDeleteText(tsv);
                }
            } finally {
                lib.TessMonitorDelete(monitor);
                lib.TessBaseAPIClear(handle);
                giveBack(lib, languages, handle, healthy);
            }
        } finally {
            slots.release();
        }
    }

    private static String secondsText(int millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private Pointer borrow(TesseractLibrary lib, String languages) {
        Pointer handle = idle.computeIfAbsent(languages, k -> new ConcurrentLinkedQueue<>())
                .poll();
        if (handle != null) {
            return handle;
        }
        handle = lib.TessBaseAPICreate();
        if (lib.TessBaseAPIInit3(handle, null, languages) != 0) {
            lib.TessBaseAPIDelete(handle);
            throw new OcrException("The OCR engine's language data (" + languages + ") is not installed: " + INSTALL);
        }
        // receipts are dark print on light paper; looking for inverted text costs time and finds noise
        lib.TessBaseAPISetVariable(handle, "tessedit_do_invert", "0");
        // Tesseract's own chatter ("Line cannot be recognized!!") goes to stderr, not to our log
        lib.TessBaseAPISetVariable(handle, "debug_file", "/dev/null");
        return handle;
    }

    private void giveBack(TesseractLibrary lib, String languages, Pointer handle, boolean healthy) {
        if (healthy) {
            idle.get(languages).add(handle);
        } else {
            // a handle that failed mid-page is not trusted with the next one
            lib.TessBaseAPIEnd(handle);
            lib.TessBaseAPIDelete(handle);
        }
    }

    private TesseractLibrary library() {
        TesseractLibrary lib = library;
        if (lib == null) {
            synchronized (this) {
                lib = library;
                if (lib == null) {
                    library = lib = load();
                }
            }
        }
        return lib;
    }

    private TesseractLibrary load() {
        oneOpenMpThread();
        try {
            return TesseractLibrary.load(libraryName);
        } catch (UnsatisfiedLinkError e) {
            throw new OcrException("The OCR engine is not installed: " + INSTALL, e);
        }
    }

    /**
     * Tesseract's OpenMP threads made it 3 to 5 times slower on two cores with the same text (measured on
     * this project's machines); one thread per page and one page per core is faster. OpenMP reads the
     * variable when its library is loaded, which is the next step.
     */
    private static void oneOpenMpThread() {
        if (Platform.isWindows() || System.getenv("OMP_THREAD_LIMIT") != null) {
            return;
        }
        try {
            Native.load("c", LibC.class).setenv("OMP_THREAD_LIMIT", "1", 0);
        } catch (UnsatisfiedLinkError e) {
            // without libc's setenv the engine still works, only slower
        }
    }

    interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }
}
