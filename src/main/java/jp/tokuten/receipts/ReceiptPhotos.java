package jp.tokuten.receipts;

import java.io.IOException;
import java.util.List;
import jp.tokuten.files.PhotoIntake;
import jp.tokuten.files.StoredFiles;
import jp.tokuten.files.StoredPhoto;
import jp.tokuten.ocr.OcrEngine;
import jp.tokuten.shared.Slots;
import org.springframework.core.io.InputStreamSource;
import org.springframework.stereotype.Service;

/**
 * Receipt photos sent by a tenant's systems and read while they wait: checked by the intake, read, and
 * only then kept (clean copy only). A refused photo ({@link jp.tokuten.files.PhotoRejectedException}), a
 * busy node (503 {@code busy}: no decode or reading slot within the wait) or a failed reading leaves
 * nothing behind.
 */
@Service
public class ReceiptPhotos {

    private final PhotoIntake intake;
    private final StoredFiles files;
    private final OcrEngine engine;
    private final ReceiptReader reader;
    private final StoreCatalog tenantStores;

    ReceiptPhotos(PhotoIntake intake, StoredFiles files, OcrEngine engine, TenantStoreCatalog tenantStores) {
        this.tenantStores = tenantStores;
        this.intake = intake;
        this.files = files;
        this.engine = engine;
        this.reader = new ReceiptReader(engine);
    }

    /** A photo read: where its clean copy is kept, and what it says. */
    public record Read(StoredPhoto photo, ReceiptReading reading) {}

    /**
     * Checks, reads and stores one photo of the bound tenant, recognising the stores named in
     * {@code knownStores} (a campaign's participating stores) even where the receipt sets the name as a
     * logo or in brush lettering, and the tenant's stores by the registration or phone number printed
     * (decision 102). Holds a decode slot, then a reading slot, each waited for only briefly.
     *
     * @param size the size the upload declares
     */
    public Read read(InputStreamSource upload, long size, List<String> knownStores) throws IOException {
        return intake.receive(upload, size, photo -> {
            ReceiptReading reading;
            try (Slots.Slot slot = engine.slots().take()) {
                reading = reader.read(List.of(photo.image()), knownStores, tenantStores);
            }
            return new Read(files.storeReceiptPhoto(photo), reading);
        });
    }

    public long maxBytes() {
        return intake.maxBytes();
    }
}
