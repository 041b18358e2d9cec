package jp.tokuten.receipts;

import java.util.List;
import jp.tokuten.files.Photo;
import jp.tokuten.files.PhotoIntake;
import jp.tokuten.files.StoredFiles;
import jp.tokuten.files.StoredPhoto;
import jp.tokuten.ocr.OcrEngine;
import org.springframework.stereotype.Service;

/**
 * Receipt photos sent by a tenant's systems: checked by the intake, kept (clean copy only), then read.
 * A refused photo ({@link jp.tokuten.files.PhotoRejectedException}) leaves nothing behind.
 */
@Service
public class ReceiptPhotos {

    private final PhotoIntake intake;
    private final StoredFiles files;
    private final ReceiptReader reader;

    ReceiptPhotos(PhotoIntake intake, StoredFiles files, OcrEngine engine) {
        this.intake = intake;
        this.files = files;
        this.reader = new ReceiptReader(engine);
    }

    /** A photo read: where its clean copy is kept, and what it says. */
    public record Read(StoredPhoto photo, ReceiptReading reading) {}

    /** Checks, stores and reads one photo of the bound tenant. */
    public Read read(byte[] upload) {
        return read(upload, List.of());
    }

    /**
     * The same, recognising the stores named in {@code knownStores} (a campaign's participating stores)
     * even where the receipt sets the name as a logo or in brush lettering.
     */
    public Read read(byte[] upload, List<String> knownStores) {
        Photo photo = intake.check(upload);
        StoredPhoto stored = files.storeReceiptPhoto(photo);
        return new Read(stored, reader.read(List.of(photo.image()), knownStores));
    }

    public long maxBytes() {
        return intake.maxBytes();
    }
}
